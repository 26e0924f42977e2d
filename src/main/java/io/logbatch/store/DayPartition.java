package io.logbatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One partition of {@code log_event} as the catalog describes it: a range of {@code occurred_at}, by the
 * conventions one UTC day.
 *
 * @param table the partition's name as PostgreSQL prints it ({@code regclass}): quoted, and qualified
 * when its schema is not on the search path
 * @param from the lower bound, included
 * @param to the upper bound, excluded
 * @param detachPending whether a {@code DETACH ... CONCURRENTLY} of it was interrupted: it is no longer
 * read or written, and waits for {@code FINALIZE}
 * @param estimatedRows PostgreSQL's estimate: the statistics' live rows, or the planner's count when that
 * is higher (after a restart the statistics begin at 0)
 * @param bytes on disk, with its indexes and TOAST
 */
public record DayPartition(String table, Instant from, Instant to, boolean detachPending, long estimatedRows,
		long bytes) {

	/** The UTC day the partition starts on. */
	public LocalDate day() {
		return LocalDate.ofInstant(this.from, ZoneOffset.UTC);
	}

	/** Whether it ends at or before {@code instant}: nothing in it is as recent. */
	boolean endsBy(Instant instant) {
		return !this.to.isAfter(instant);
	}

}
