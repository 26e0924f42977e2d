package io.logbatch.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * At most one run per consumer group at a time, across processes and machines: a PostgreSQL
 * session-level advisory lock, keyed by a 64-bit hash of the group, held on a connection of
 * its own for as long as the run lasts. PostgreSQL releases the lock when that session ends,
 * so a process that is killed, or loses its database, never leaves it behind. The same kind
 * of lock, keyed by group and partition, keeps a partition to one {@code worker} process.
 * Thread-safe.
 */
@Component
public class RunLock {

	private static final Logger logger = LoggerFactory.getLogger(RunLock.class);

	private static final String KEY = "hashtextextended(?, 0)";

	/** The granted lock of a name in pg_locks: a bigint advisory lock shows as its high (classid) and low (objid) halves. */
	private static final String GRANTED = "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
			+ " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
			+ " AND ((l.classid::int8 << 32) | l.objid::int8) = " + KEY;

	private final DataSource dataSource;

	RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Takes the group's lock if no one holds it; empty when another session does. */
	public Optional<Held> tryAcquire(String groupId) throws SQLException {
		return tryAcquireNamed(runLockName(groupId));
	}

	/** Whether any session holds the group's lock, without taking it. */
	public boolean isHeld(String groupId) throws SQLException {
		return isNamedHeld(runLockName(groupId));
	}

	/**
	 * Takes the lock of one partition of a group, held by the worker that processes it; empty
	 * when another session holds it.
	 */
	public Optional<Held> tryAcquire(String groupId, TopicPartition partition) throws SQLException {
		return tryAcquireNamed(partitionLockName(groupId, partition));
	}

	/** Whether any session holds the lock of a group's partition, without taking it. */
	public boolean isHeld(String groupId, TopicPartition partition) throws SQLException {
		return isNamedHeld(partitionLockName(groupId, partition));
	}

	private static String runLockName(String groupId) {
		return "logbatch:" + groupId;
	}

	private static String partitionLockName(String groupId, TopicPartition partition) {
		// A topic name has no '#'. Only a group whose own name has one could share a key with
		// another group's partition, and the two would then merely exclude each other.
		return "logbatch:" + groupId + "#" + partition;
	}

	private Optional<Held> tryAcquireNamed(String name) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(true);
			detectDeadClientsSooner(connection);
			if (queryBoolean(connection, "SELECT pg_try_advisory_lock(" + KEY + ")", name)) {
				return Optional.of(new Held(connection, name));
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		return Optional.empty();
	}

	/**
	 * The lock lasts as long as its session. PostgreSQL ends the session of a client that was
	 * killed at once, but one of a machine that crashed or dropped off the network only when TCP
	 * keepalive gives up on it (the operating system's default: after two hours). The session's
	 * own settings make that about 25 seconds.
	 */
	private static void detectDeadClientsSooner(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
					+ "SET tcp_keepalives_count = 3");
		}
		catch (SQLException ex) {
			logger.debug("Could not set TCP keepalive on a lock's session: {}", ex.getMessage());
		}
	}

	private boolean isNamedHeld(String name) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			return queryBoolean(connection, "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE " + GRANTED + ")", name);
		}
	}

	/**
	 * The PostgreSQL session that holds the group's run lock, as {@code pg_stat_activity} shows
	 * it to this user (another user's client address only with {@code pg_read_all_stats}); empty
	 * when the lock is free. Reads only.
	 */
	public Optional<Session> holder(String groupId) throws SQLException {
		String sql = "SELECT l.pid, host(a.client_addr), a.application_name, a.backend_start FROM pg_locks l"
				+ " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE " + GRANTED;
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, runLockName(groupId));
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return Optional.empty();
				}
				return Optional.of(new Session(result.getInt(1), result.getString(2), result.getString(3),
						result.getObject(4, OffsetDateTime.class)));
			}
		}
	}

	private static boolean queryBoolean(Connection connection, String sql, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/**
	 * A server session, as {@code pg_stat_activity} shows it.
	 * @param pid the server process of the session
	 * @param client the client's address; null for a Unix socket, or when this user may not see it
	 * @param application the client's {@code application_name}, if it set one
	 * @param since when the session started
	 */
	public record Session(int pid, @Nullable String client, @Nullable String application,
			@Nullable OffsetDateTime since) {
	}

	/** A held lock; closing it releases the lock and its connection. */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private final String name;

		private Held(Connection connection, String name) {
			this.connection = connection;
			this.name = name;
		}

		/** Whether the lock's session is still there, and so the lock held. */
		public synchronized boolean isAlive() {
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
				queryBoolean(owned, "SELECT pg_advisory_unlock(" + KEY + ")", this.name);
			}
			catch (SQLException ex) {
				logger.warn("Lock '{}': its session ended before the work it guards did ({}); PostgreSQL "
						+ "released the lock with it", this.name, ex.getMessage());
			}
		}

	}

}
