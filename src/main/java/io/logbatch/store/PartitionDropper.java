package io.logbatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import io.logbatch.store.PartitionCatalog.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops one partition of {@code log_event} with locks that stop no reader and no writer:
 * <ol>
 * <li>marks it ({@code COMMENT}), so that a later prune knows the table as its own if it gets no
 * further than the detach;</li>
 * <li>{@code ALTER TABLE log_event DETACH PARTITION ... CONCURRENTLY}: a {@code SHARE UPDATE EXCLUSIVE}
 * lock on {@code log_event}, which no {@code SELECT}, {@code INSERT} or {@code COPY} conflicts with; it
 * commits the partition as detach-pending (no query planned later reads it) and then waits, holding no
 * lock on {@code log_event}, for the transactions that may still read it. A plain {@code DROP TABLE}
 * or {@code DETACH} of a partition takes {@code ACCESS EXCLUSIVE} on {@code log_event} instead: it waits
 * for every reader and writer, and every one queues behind it;</li>
 * <li>{@code DROP TABLE} of what is now a table of its own, which nobody reads.</li>
 * </ol>
 * Every step runs as its own transaction (autocommit: {@code CONCURRENTLY} is refused inside a
 * transaction block) under {@code lock_timeout}. A step that times out, or deadlocks, is tried again
 * from where the partition stands: a detach interrupted while it waited is completed with
 * {@code DETACH PARTITION ... FINALIZE}. After {@link LockWaits#attempts} such tries the partition is
 * given up until the next prune. Not thread-safe: a prune drops one partition at a time.
 */
final class PartitionDropper {

	private static final Logger logger = LoggerFactory.getLogger(PartitionDropper.class);

	/** lock_not_available (lock_timeout), query_canceled (statement_timeout), deadlock_detected. */
	private static final Set<String> BUSY = Set.of("55P03", "57014", "40P01");

	private final LockWaits waits;

	PartitionDropper(LockWaits waits) {
		this.waits = waits;
	}

	/**
	 * Drops a partition of {@code log_event}, or a table an earlier prune detached from it.
	 * @param connection an autocommit connection with {@code lock_timeout} set
	 * @return true when the table is gone (also when another process dropped it); false when it is
	 * still in use after every try, or is not a table a prune may drop
	 * @throws SQLException on any other error of the database
	 */
	boolean drop(Connection connection, String table) throws SQLException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return dropFrom(connection, table, PartitionCatalog.state(connection, table));
			}
			catch (SQLException ex) {
				if (!BUSY.contains(ex.getSQLState())) {
					throw ex;
				}
				if (attempt >= this.waits.attempts()) {
					logger.debug("Giving up {} after {} tries: {}", table, attempt, ex.getMessage());
					return false;
				}
				logger.debug("{} is busy ({}), trying again in {}", table, ex.getMessage(), this.waits.backoff());
				Thread.sleep(this.waits.backoff().toMillis());
			}
		}
	}

	private boolean dropFrom(Connection connection, String table, State state) throws SQLException {
		switch (state) {
			case GONE -> {
				return true;
			}
			case NOT_OURS -> {
				logger.warn("{} is no longer a partition of log_event, and no prune detached it: left alone", table);
				return false;
			}
			case ATTACHED -> {
				execute(connection, "COMMENT ON TABLE " + table + " IS '" + PartitionCatalog.DETACHED_MARK + "'");
				execute(connection, "ALTER TABLE log_event DETACH PARTITION " + table + " CONCURRENTLY");
			}
			case DETACH_PENDING -> execute(connection, "ALTER TABLE log_event DETACH PARTITION " + table + " FINALIZE");
			case DETACHED -> {
				// detached already: only the drop is left
			}
		}
		execute(connection, "DROP TABLE " + table);
		return true;
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
