package io.logbatch.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Adds a transaction's rollup counts to {@code log_rollup}, and the same counts per hour to
 * {@code log_rollup_hour}, just before it commits. The writer's
 * statements put what each stored into a temporary table of the session ({@link #DELTAS}: +1
 * per inserted row in its minute, service and level; for a replaced version that changed
 * service or level, -1 where the old one counted and +1 where the new one does), so what a
 * savepoint rolls back is rolled back with it, and the transaction's commit empties it.
 * <p>
 * Counting at commit rather than in each write makes one statement per table and transaction take
 * all of its rollup rows' locks, in the order of their keys, {@code log_rollup}'s before
 * {@code log_rollup_hour}'s. Every partition step writing at once adds
 * to the same few rows (this minute, this service, INFO); taken in one order, such locks cannot
 * deadlock, which locks taken write by write could (an item-by-item scan writes many times in
 * one transaction), and they are held only from that statement to the commit, not through the
 * rest of the chunk. Not thread-safe: one instance per writer.
 */
final class RollupCounts {

	static final String DELTAS = "logbatch_rollup_delta";

	static final String CREATE_DELTAS = "CREATE TEMPORARY TABLE IF NOT EXISTS " + DELTAS
			+ " (bucket timestamptz, service text, level text, events bigint) ON COMMIT DELETE ROWS";

	private static final String ADD = add("log_rollup", "bucket");

	private static final String ADD_HOURS = add("log_rollup_hour", "date_trunc('hour', bucket, 'UTC')");

	private static final String REMOVE_EMPTIED = removeEmptied("log_rollup", "bucket");

	private static final String REMOVE_EMPTIED_HOURS = removeEmptied("log_rollup_hour",
			"date_trunc('hour', bucket, 'UTC')");

	private final JdbcTemplate jdbc;

	RollupCounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The statement that counts the rows a data-modifying query named {@code stored} returned
	 * (their {@code occurred_at}, {@code service} and {@code level}) into {@link #DELTAS}: for a
	 * {@code WITH} clause of that query.
	 */
	static String countStored(String stored) {
		return "INSERT INTO " + DELTAS + " (bucket, service, level, events) "
				+ "SELECT date_trunc('minute', occurred_at, 'UTC'), coalesce(service, ''), coalesce(level, ''), count(*) "
				+ "FROM " + stored + " GROUP BY 1, 2, 3";
	}

	/**
	 * Has the current transaction add what its writes put in {@link #DELTAS} before it commits,
	 * or adds it now when there is no transaction to wait for.
	 * @param moved whether a write moved counts from one service or level to another
	 */
	void counted(boolean moved) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			add(moved);
			return;
		}
		AtCommit atCommit = (AtCommit) TransactionSynchronizationManager.getResource(this);
		if (atCommit == null) {
			atCommit = new AtCommit();
			TransactionSynchronizationManager.bindResource(this, atCommit);
			TransactionSynchronizationManager.registerSynchronization(atCommit);
		}
		atCommit.moved |= moved;
	}

	private void add(boolean moved) {
		this.jdbc.update(ADD);
		this.jdbc.update(ADD_HOURS);
		if (moved) {
			this.jdbc.update(REMOVE_EMPTIED);
			this.jdbc.update(REMOVE_EMPTIED_HOURS);
		}
	}

	/**
	 * Adds the deltas, summed per {@code bucket} (an expression over the deltas' minute), service and level,
	 * to {@code table}, in the order of its key.
	 */
	private static String add(String table, String bucket) {
		return "INSERT INTO " + table + " AS r (bucket, service, level, events) SELECT " + bucket
				+ ", service, level, sum(events) FROM " + DELTAS + " GROUP BY 1, 2, 3 HAVING sum(events) <> 0 "
				+ "ORDER BY 1, 2, 3 ON CONFLICT (bucket, service, level) DO UPDATE SET events = r.events + EXCLUDED.events";
	}

	/**
	 * Deletes the rows of {@code table} whose every event was moved to another service or level: none is
	 * left to count. Only rows that {@link #add} lowered, and so locked, are looked at.
	 */
	private static String removeEmptied(String table, String bucket) {
		return "DELETE FROM " + table + " r USING (SELECT " + bucket + " AS bucket, service, level FROM " + DELTAS
				+ " GROUP BY 1, 2, 3 HAVING sum(events) < 0) d"
				+ " WHERE r.bucket = d.bucket AND r.service = d.service AND r.level = d.level AND r.events <= 0";
	}

	/** One transaction's pending counts. */
	private final class AtCommit implements TransactionSynchronization {

		private boolean moved;

		@Override
		public void beforeCommit(boolean readOnly) {
			add(this.moved);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(RollupCounts.this);
		}

	}

}
