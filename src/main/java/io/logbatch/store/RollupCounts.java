package io.logbatch.store;

import java.sql.Connection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Adds a transaction's rollup counts to {@code log_rollup}, and the same counts per hour to
 * {@code log_rollup_hour}, just before it commits. A write tells its counts in one of two
 * ways: as {@link RollupDeltas} in memory, when the writer knows which rows it stored (it
 * copied them straight into {@code log_event}, all or nothing), or in a temporary table of the
 * session ({@link #DELTAS}) that its statements filled from their {@code RETURNING}: +1 per
 * inserted row in its minute, service and level; for a replaced version that changed service
 * or level, -1 where the old one counted and +1 where the new one does. Either is kept only
 * when the write's savepoint is: counts in memory are handed over after it, and the table's
 * rows are rolled back with it; the transaction's commit empties the table.
 * <p>
 * Counting at commit rather than in each write makes one statement per table and transaction take
 * all of its rollup rows' locks, in the order of their keys, {@code log_rollup}'s before
 * {@code log_rollup_hour}'s. Every partition step writing at once adds
 * to the same few rows (this minute, this service, INFO); taken in one order, such locks cannot
 * deadlock, which locks taken write by write could (an item-by-item scan writes many times in
 * one transaction), and they are held only from that statement to the commit, not through the
 * rest of the chunk. So when a transaction used the table, its counts in memory join the table
 * first, and one statement per rollup table adds them all. A transaction that never touched a
 * temporary table also spares PostgreSQL emptying them at its commit. Not thread-safe: one
 * instance per writer.
 */
final class RollupCounts {

	static final String DELTAS = "logbatch_rollup_delta";

	static final String CREATE_DELTAS = "CREATE TEMPORARY TABLE IF NOT EXISTS " + DELTAS
			+ " (bucket timestamptz, service text, level text, events bigint) ON COMMIT DELETE ROWS";

	/** The four arrays of {@link RollupDeltas#columns()} as the rows of {@link #DELTAS}. */
	private static final String COUNTED = "(SELECT d.bucket, d.service, d.level, d.events FROM unnest("
			+ "CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[])) "
			+ "AS d(bucket, service, level, events)) c";

	private static final String HOUR = "date_trunc('hour', bucket, 'UTC')";

	private static final String ADD = add("log_rollup", "bucket", DELTAS);

	private static final String ADD_HOURS = add("log_rollup_hour", HOUR, DELTAS);

	private static final String ADD_COUNTED = add("log_rollup", "bucket", COUNTED);

	private static final String ADD_COUNTED_HOURS = add("log_rollup_hour", HOUR, COUNTED);

	private static final String KEEP_COUNTED = "INSERT INTO " + DELTAS + " (bucket, service, level, events) "
			+ "SELECT bucket, service, level, events FROM " + COUNTED;

	private static final String REMOVE_EMPTIED = removeEmptied("log_rollup", "bucket");

	private static final String REMOVE_EMPTIED_HOURS = removeEmptied("log_rollup_hour", HOUR);

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
	 * Has the current transaction add what a write's statements put in {@link #DELTAS} before it
	 * commits, or adds it now when there is no transaction to wait for.
	 * @param moved whether a write moved counts from one service or level to another
	 */
	void countedInTable(boolean moved) {
		Pending pending = pending();
		pending.inTable = true;
		pending.moved |= moved;
		addNowUnlessAtCommit(pending);
	}

	/**
	 * Has the current transaction add the counts of a write it kept, or adds them now when there
	 * is no transaction to wait for.
	 */
	void counted(RollupDeltas deltas) {
		Pending pending = pending();
		pending.counted.addAll(deltas);
		addNowUnlessAtCommit(pending);
	}

	private Pending pending() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return new Pending();
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			pending = new Pending();
			TransactionSynchronizationManager.bindResource(this, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		return pending;
	}

	private void addNowUnlessAtCommit(Pending pending) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			add(pending);
		}
	}

	private void add(Pending pending) {
		if (!pending.inTable) {
			if (!pending.counted.isEmpty()) {
				RollupDeltas.Columns columns = pending.counted.columns();
				update(ADD_COUNTED, columns);
				update(ADD_COUNTED_HOURS, columns);
			}
			return;
		}
		if (!pending.counted.isEmpty()) {
			update(KEEP_COUNTED, pending.counted.columns());
		}
		this.jdbc.update(ADD);
		this.jdbc.update(ADD_HOURS);
		if (pending.moved) {
			this.jdbc.update(REMOVE_EMPTIED);
			this.jdbc.update(REMOVE_EMPTIED_HOURS);
		}
	}

	private void update(String sql, RollupDeltas.Columns columns) {
		this.jdbc.update(sql, (statement) -> {
			Connection connection = statement.getConnection();
			statement.setArray(1, connection.createArrayOf("text", columns.minutes()));
			statement.setArray(2, connection.createArrayOf("text", columns.services()));
			statement.setArray(3, connection.createArrayOf("text", columns.levels()));
			statement.setArray(4, connection.createArrayOf("bigint", columns.events()));
		});
	}

	/**
	 * Adds the deltas of {@code source} (a table or subquery with their columns), summed per
	 * {@code bucket} (an expression over the deltas' minute), service and level, to {@code table},
	 * in the order of its key.
	 */
	private static String add(String table, String bucket, String source) {
		return "INSERT INTO " + table + " AS r (bucket, service, level, events) SELECT " + bucket
				+ ", service, level, sum(events) FROM " + source + " GROUP BY 1, 2, 3 HAVING sum(events) <> 0 "
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
	private final class Pending implements TransactionSynchronization {

		private final RollupDeltas counted = new RollupDeltas();

		private boolean inTable;

		private boolean moved;

		@Override
		public void beforeCommit(boolean readOnly) {
			add(this);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(RollupCounts.this);
		}

	}

}
