package io.logbatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.logbatch.LogbatchProperties.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Applies {@code logbatch.store.retention} and {@code logbatch.store.rollup-retention}: drops every
 * partition of {@code log_event} whose day ended longer ago than the retention, whole (see
 * {@link PartitionDropper} for the locks), and deletes the rows of {@code log_rollup} and {@code log_rollup_hour} of the days that
 * ended longer ago than the rollup retention, a day per statement. One prune at a time in the whole
 * database, under a PostgreSQL advisory lock: a second process that finds it held leaves the work to the
 * first. A partition still in use when its lock waits run out stops the prune, since the next
 * partition would wait for the same transactions; the next prune goes on from there. Thread-safe.
 */
public final class Retention {

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private static final String PRUNE_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('logbatch-prune', 0))";

	private static final String PRUNE_UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('logbatch-prune', 0))";

	private final DataSource dataSource;

	private final Store settings;

	private final Clock clock;

	private final LockWaits waits;

	/**
	 * @param clock the time the retentions count back from
	 */
	Retention(DataSource dataSource, Store settings, Clock clock, LockWaits waits) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.clock = clock;
		this.waits = waits;
	}

	/** What a prune would do now; changes nothing. */
	public PrunePlan plan() {
		try (Connection connection = this.dataSource.getConnection()) {
			return plan(connection);
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not read the partitions of log_event", ex);
		}
	}

	/**
	 * Whether a prune now would drop or delete anything, in one query that reads no partition's
	 * size: what the end of each run asks before it prunes.
	 */
	boolean due() {
		Instant now = this.clock.instant();
		Instant keptFrom = this.settings.keptFrom(now);
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT " + PartitionCatalog.ANY_TO_DROP
						+ " OR EXISTS (SELECT FROM log_rollup WHERE bucket < ?)"
						+ " OR EXISTS (SELECT FROM log_rollup_hour WHERE bucket < ?)")) {
			statement.setObject(1, (keptFrom != null) ? utc(keptFrom) : null, Types.TIMESTAMP_WITH_TIMEZONE);
			statement.setString(2, PartitionCatalog.DETACHED_MARK);
			OffsetDateTime rollupsKeptFrom = utc(this.settings.rollupsKeptFrom(now));
			statement.setObject(3, rollupsKeptFrom);
			statement.setObject(4, rollupsKeptFrom);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() && rows.getBoolean(1);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not read what the log store has to prune", ex);
		}
	}

	/** Drops what {@link #plan()} lists, as far as the locks allow; waits about 20 s at most per partition. */
	public PruneOutcome prune() {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			if (!queryBoolean(connection, PRUNE_LOCK)) {
				return PruneOutcome.leftToAnother(plan(connection));
			}
			try {
				execute(connection, "SET lock_timeout = " + this.waits.lockTimeout().toMillis());
				return prune(connection, plan(connection));
			}
			finally {
				release(connection);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not prune the log store: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while pruning the log store", ex);
		}
	}

	/** Leaves the pooled session as it was; a session that broke ends, and its advisory lock with it. */
	private static void release(Connection connection) {
		try {
			execute(connection, "RESET lock_timeout");
			queryBoolean(connection, PRUNE_UNLOCK);
		}
		catch (SQLException ex) {
			logger.debug("Could not release the prune's session settings and lock", ex);
		}
	}

	private PrunePlan plan(Connection connection) throws SQLException {
		Instant now = this.clock.instant();
		Instant rollupsKeptFrom = this.settings.rollupsKeptFrom(now);
		long expiredRollups;
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT count(*) FROM log_rollup WHERE bucket < ?")) {
			statement.setObject(1, utc(rollupsKeptFrom));
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				expiredRollups = rows.getLong(1);
			}
		}
		return new PrunePlan(now, this.settings, this.settings.keptFrom(now), PartitionCatalog.partitions(connection),
				PartitionCatalog.detached(connection), rollupsKeptFrom, expiredRollups);
	}

	private PruneOutcome prune(Connection connection, PrunePlan plan) throws SQLException, InterruptedException {
		PartitionDropper dropper = new PartitionDropper(this.waits);
		List<PruneOutcome.Drop> dropped = new ArrayList<>();
		List<String> tables = new ArrayList<>(plan.detached());
		plan.expired().forEach((partition) -> tables.add(partition.table()));
		String problem = null;
		for (int i = 0; i < tables.size() && problem == null; i++) {
			String table = tables.get(i);
			try {
				long start = System.nanoTime();
				if (dropper.drop(connection, table)) {
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					dropped.add(new PruneOutcome.Drop(table, took));
					logDropped(plan, table, took, i < plan.detached().size());
				}
				else {
					problem = table + " is still in use by transactions that began before its detach (" + tries()
							+ "); " + left(tables.size() - i) + " for the next prune";
				}
			}
			catch (SQLException ex) {
				problem = table + ": " + firstLine(ex) + "; " + left(tables.size() - i) + " for the next prune";
			}
		}
		long deleted = 0;
		try {
			deleted = deleteRollups(connection, plan.rollupsKeptFrom());
		}
		catch (SQLException ex) {
			String rollups = "log_rollup: " + firstLine(ex) + "; rows before " + day(plan.rollupsKeptFrom())
					+ " left for the next prune";
			problem = (problem != null) ? problem + "; " + rollups : rollups;
		}
		return new PruneOutcome(plan, dropped, deleted, problem, false);
	}

	private void logDropped(PrunePlan plan, String table, Duration took, boolean detachedBefore) {
		if (detachedBefore) {
			logger.info("Dropped {} in {} ms, which an earlier prune detached from log_event", table,
					took.toMillis());
		}
		else {
			logger.info("Dropped {} in {} ms: its day ended before {}, the oldest day logbatch.store.retention {} keeps",
					table, took.toMillis(), day(plan.keptFrom()), describe(this.settings.retention()));
		}
	}

	private static String describe(@Nullable Duration duration) {
		return (duration != null) ? Store.describe(duration) : "-";
	}

	/**
	 * Deletes the rollups before {@code keptFrom}: from {@code log_rollup} a day per statement, oldest first,
	 * each committed, then from {@code log_rollup_hour}, 60 times smaller, in one; returns the rows deleted
	 * from {@code log_rollup}.
	 */
	private long deleteRollups(Connection connection, Instant keptFrom) throws SQLException {
		long deleted = 0;
		try (PreparedStatement oldest = connection.prepareStatement("SELECT min(bucket) FROM log_rollup");
				PreparedStatement delete = connection.prepareStatement("DELETE FROM log_rollup WHERE bucket < ?");
				PreparedStatement deleteHours = connection
					.prepareStatement("DELETE FROM log_rollup_hour WHERE bucket < ?")) {
			for (Instant from = oldest(oldest); from != null && from.isBefore(keptFrom); from = oldest(oldest)) {
				Instant nextDay = from.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
				delete.setObject(1, utc(nextDay.isBefore(keptFrom) ? nextDay : keptFrom));
				deleted += delete.executeUpdate();
			}
			deleteHours.setObject(1, utc(keptFrom));
			deleteHours.executeUpdate();
		}
		if (deleted > 0) {
			logger.info("Deleted {} rows of log_rollup before {}, the oldest day logbatch.store.rollup-retention {} keeps",
					deleted, day(keptFrom), Store.describe(this.settings.rollupRetention()));
		}
		return deleted;
	}

	private static @Nullable Instant oldest(PreparedStatement oldest) throws SQLException {
		try (ResultSet rows = oldest.executeQuery()) {
			rows.next();
			OffsetDateTime time = rows.getObject(1, OffsetDateTime.class);
			return (time != null) ? time.toInstant() : null;
		}
	}

	private String tries() {
		return "lock_timeout " + Store.describe(this.waits.lockTimeout()) + ", " + this.waits.attempts() + " tries";
	}

	private static String left(int tables) {
		return (tables == 1) ? "it is left" : "it and " + (tables - 1) + " more are left";
	}

	static String day(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC).toLocalDate().toString() : "-";
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String firstLine(SQLException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
		return message.lines().findFirst().orElse(message) + " (SQLSTATE " + ex.getSQLState() + ")";
	}

	private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() && rows.getBoolean(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
