package io.logbatch.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * At most one run per consumer group at a time, across processes and machines: a PostgreSQL
 * session-level advisory lock, keyed by a 64-bit hash of the group, held on a connection of
 * its own for as long as the run lasts. PostgreSQL releases the lock when that session ends,
 * so a process that is killed, or loses its database, never leaves it behind. Thread-safe.
 */
@Component
public class RunLock {

	private static final Logger logger = LoggerFactory.getLogger(RunLock.class);

	private static final String KEY = "hashtextextended('logbatch:' || ?, 0)";

	private final DataSource dataSource;

	RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Takes the group's lock if no one holds it; empty when another session does. */
	public Optional<Held> tryAcquire(String groupId) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(true);
			if (queryBoolean(connection, "SELECT pg_try_advisory_lock(" + KEY + ")", groupId)) {
				return Optional.of(new Held(connection, groupId));
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		return Optional.empty();
	}

	/** Whether any session holds the group's lock, without taking it. */
	public boolean isHeld(String groupId) throws SQLException {
		// A bigint advisory lock shows in pg_locks as its high (classid) and low (objid) halves.
		String sql = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
				+ " AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
				+ " AND ((classid::int8 << 32) | objid::int8) = " + KEY + ")";
		try (Connection connection = this.dataSource.getConnection()) {
			return queryBoolean(connection, sql, groupId);
		}
	}

	private static boolean queryBoolean(Connection connection, String sql, String groupId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, groupId);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/** A held lock; closing it releases the lock and its connection. */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private final String groupId;

		private Held(Connection connection, String groupId) {
			this.connection = connection;
			this.groupId = groupId;
		}

		/** Whether the lock's session is still there, and so the lock held. */
		synchronized boolean isAlive() {
			try {
				return this.connection.isValid(5);
			}
			catch (SQLException ex) {
				return false;
			}
		}

		/** Releases the lock. Never throws: a session that is gone has released it already. */
		@Override
		public synchronized void close() {
			try (Connection owned = this.connection) {
				queryBoolean(owned, "SELECT pg_advisory_unlock(" + KEY + ")", this.groupId);
			}
			catch (SQLException ex) {
				logger.warn("Run lock of group '{}': its session ended before the run did ({}); PostgreSQL "
						+ "released the lock with it", this.groupId, ex.getMessage());
			}
		}

	}

}
