package io.logbatch.store;

import java.time.Instant;
import java.util.List;

import io.logbatch.LogbatchProperties.Store;
import org.jspecify.annotations.Nullable;

/**
 * What a prune does when it runs at {@link #now}: the partitions it drops, left to right, and the rollup
 * rows it deletes.
 *
 * @param now the time the retentions count back from
 * @param settings the retentions
 * @param keptFrom the start of the oldest day {@code logbatch.store.retention} keeps; null without one
 * @param partitions every partition of {@code log_event}, oldest first
 * @param detached tables an interrupted prune detached from {@code log_event} but did not drop yet
 * @param rollupsKeptFrom the start of the oldest day {@code logbatch.store.rollup-retention} keeps
 * @param expiredRollups the rows of {@code log_rollup} before {@code rollupsKeptFrom}
 */
public record PrunePlan(Instant now, Store settings, @Nullable Instant keptFrom, List<DayPartition> partitions,
		List<String> detached, Instant rollupsKeptFrom, long expiredRollups) {

	public PrunePlan {
		partitions = List.copyOf(partitions);
		detached = List.copyOf(detached);
	}

	/** Whether the prune drops this partition: its day ended longer ago than the retention. */
	public boolean drops(DayPartition partition) {
		return this.keptFrom != null && partition.endsBy(this.keptFrom);
	}

	/**
	 * The partitions the prune drops, in its order: one whose detach was interrupted first (PostgreSQL
	 * allows one pending detach per table, so it blocks every other), then the oldest.
	 */
	public List<DayPartition> expired() {
		return this.partitions.stream()
			.filter(this::drops)
			.sorted((a, b) -> (a.detachPending() != b.detachPending()) ? (a.detachPending() ? -1 : 1)
					: a.from().compareTo(b.from()))
			.toList();
	}

}
