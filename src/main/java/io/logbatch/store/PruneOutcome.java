package io.logbatch.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a prune did.
 *
 * @param plan what it set out to do
 * @param dropped the partitions it dropped, and the detached tables it dropped, by name
 * @param deletedRollups the rows of {@code log_rollup} it deleted
 * @param problem why it stopped short of the plan (a partition still in use when its lock waits ran out,
 * an error of the database), with what is left for the next prune; null when it did everything
 * @param anotherPrune true when it did nothing because another process was pruning the store
 */
public record PruneOutcome(PrunePlan plan, List<String> dropped, long deletedRollups, @Nullable String problem,
		boolean anotherPrune) {

	public PruneOutcome {
		dropped = List.copyOf(dropped);
	}

	static PruneOutcome leftToAnother(PrunePlan plan) {
		return new PruneOutcome(plan, List.of(), 0, null, true);
	}

}
