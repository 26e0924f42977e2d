package io.logbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logbatch.store.DayPartitions;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** What the benchmark does to and reads from its PostgreSQL between and after the runs. */
final class BenchDatabase {

	private final String jdbcUrl;

	BenchDatabase(String jdbcUrl) {
		this.jdbcUrl = jdbcUrl;
	}

	String jdbcUrl() {
		return this.jdbcUrl;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl);
	}

	/**
	 * Applies logbatch's own migrations (Spring Batch's tables, {@code log_event}, ...), so that every
	 * contender finds the schema; logbatch's Flyway then finds nothing to do.
	 */
	void createSchema() {
		Flyway.configure().dataSource(this.jdbcUrl, null, null).locations("classpath:db/migration").load().migrate();
		// The partitions of the corpus's days (it starts on 2026-11-25), which logbatch creates
		// itself but the COPY and textbook contenders do not.
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl);
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate day = LocalDate.parse("2026-11-24"); day.isBefore(LocalDate.parse("2026-12-03")); day = day
			.plusDays(1)) {
			days.add(day);
		}
		new DayPartitions(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource)).ensure(days);
	}

	/**
	 * Empties {@code log_event}, {@code log_rollup} and {@code consumer_offset}, checkpoints, and has the kernel write
	 * every dirty page out ({@code sync}): every contender starts on an empty table, a fresh
	 * checkpoint cycle and an idle disk. Without the {@code sync}, the broker's writeback of a
	 * corpus loaded just before (the broker does not flush) competed with PostgreSQL's WAL flushes
	 * during the next run.
	 */
	void reset() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE log_event, log_rollup, consumer_offset");
			statement.execute("CHECKPOINT");
		}
		syncDisks();
	}

	private static void syncDisks() {
		try {
			Process sync = new ProcessBuilder("sync").inheritIO().start();
			if (!sync.waitFor(5, TimeUnit.MINUTES) || sync.exitValue() != 0) {
				throw new IllegalStateException("sync did not succeed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run sync", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for sync", ex);
		}
	}

	long rows() throws SQLException {
		return queryLong("SELECT count(*) FROM log_event");
	}

	/** The rows of {@code log_event} whose top-level attribute {@code key} holds the string {@code value}. */
	long rowsWithAttribute(String key, String value) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM log_event WHERE attributes ->> ? = ?")) {
			statement.setString(1, key);
			statement.setString(2, value);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	/** When the last transaction that wrote a row of {@code log_event} committed. */
	@Nullable Instant lastWrite() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT max(pg_xact_commit_timestamp(xmin)) FROM log_event")) {
			result.next();
			OffsetDateTime time = result.getObject(1, OffsetDateTime.class);
			return (time != null) ? time.toInstant() : null;
		}
	}

	/**
	 * The newest job execution. Spring Batch stores its times as local date-times of the JVM that ran
	 * the job, which is a child of this one on the same machine and time zone.
	 */
	JobRun lastJobRun() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT job_execution_id, status, start_time, end_time "
						+ "FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")) {
			if (!result.next()) {
				return JobRun.NONE;
			}
			return new JobRun(result.getLong(1), result.getString(2),
					instant(result.getObject(3, LocalDateTime.class)), instant(result.getObject(4, LocalDateTime.class)));
		}
	}

	/**
	 * The mean time of a one-row insert and its commit, each waiting for its WAL flush: what the
	 * disk charges every chunk's commit at the moment. On a virtual disk it varies from run to run,
	 * and every contender's figures with it.
	 */
	double commitMillis(int commits) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE commit_probe (n int)");
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO commit_probe VALUES (?)")) {
				long start = System.nanoTime();
				for (int i = 0; i < commits; i++) {
					insert.setInt(1, i);
					insert.executeUpdate();
				}
				return (System.nanoTime() - start) / 1e6 / commits;
			}
			finally {
				statement.execute("DROP TABLE commit_probe");
			}
		}
	}

	/** The records a job execution skipped in processing, over all its steps. */
	long processSkips(long jobExecutionId) throws SQLException {
		return queryLong("SELECT coalesce(sum(process_skip_count), 0) FROM batch_step_execution "
				+ "WHERE job_execution_id = " + jobExecutionId);
	}

	/** The server's version and the settings that decide what a commit costs. */
	List<String> describeServer() throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT name, setting, unit FROM pg_settings WHERE name IN "
						+ "('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', "
						+ "'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'track_commit_timestamp', "
						+ "'max_connections') ORDER BY name")) {
			while (result.next()) {
				String unit = result.getString(3);
				lines.add(result.getString(1) + "=" + result.getString(2) + ((unit != null) ? " (" + unit + ")" : ""));
			}
		}
		return lines;
	}

	/**
	 * The settings that are not at PostgreSQL's built-in default, with where they come from: initdb's
	 * {@code postgresql.conf}, or the server's command line (zonky's and the benchmark's).
	 */
	List<String> nonDefaultSettings() throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT name, setting, source FROM pg_settings "
						+ "WHERE source NOT IN ('default', 'override', 'client', 'session') ORDER BY name")) {
			while (result.next()) {
				lines.add(result.getString(1) + "=" + result.getString(2) + " (" + result.getString(3) + ")");
			}
		}
		return lines;
	}

	/** The PostgreSQL server process: the parent of this connection's backend. */
	long postmasterPid() throws SQLException {
		// asked while the connection is open: its backend ends with it
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
			result.next();
			long backend = result.getLong(1);
			return ProcessHandle.of(backend)
				.flatMap(ProcessHandle::parent)
				.map(ProcessHandle::pid)
				.orElseThrow(() -> new IllegalStateException("PostgreSQL's backend " + backend + " has no parent"));
		}
	}

	String serverVersion() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW server_version")) {
			result.next();
			return result.getString(1);
		}
	}

	private long queryLong(String sql) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	private static @Nullable Instant instant(@Nullable LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

	/** One job execution as Spring Batch recorded it. */
	record JobRun(long id, String status, @Nullable Instant start, @Nullable Instant end) {

		/** No job execution: the job did not start (a bad argument, say). */
		static final JobRun NONE = new JobRun(0, "no job execution", null, null);

	}

}
