package io.logbatch.store;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a prune did.
 *
 * @param plan what it set out to do
 * @param drops the partitions it dropped, and the detached tables it dropped, in order
 * @param deletedRollups the rows of {@code log_rollup} it deleted
 * @param problem why it stopped short of the plan (a partition still in use when its lock waits ran out,
 * an error of the database), with what is left for the next prune; null when it did everything
 * @param anotherPrune true when it did nothing because another process was pruning the store
 */
public record PruneOutcome(PrunePlan plan, List<Drop> drops, long deletedRollups, @Nullable String problem,
		boolean anotherPrune) {

	public PruneOutcome {
		drops = List.copyOf(drops);
	}

	/** The tables it dropped, by name, in order. */
	public List<String> dropped() {
		return this.drops.stream().map(Drop::table).toList();
	}

	static PruneOutcome leftToAnother(PrunePlan plan) {
		return new PruneOutcome(plan, List.of(), 0, null, true);
	}

	/**
	 * One table dropped.
	 *
	 * @param table its name
	 * @param took from the start of its detach (or drop, for a table detached before) to the end of its
	 * drop, lock waits and tries included
	 */
	public record Drop(String table, Duration took) {
	}

}
