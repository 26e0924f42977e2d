package io.logbatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.logbatch.store.DayPartitions;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** What the benchmark does to and reads from its PostgreSQL between and after the runs. */
final class BenchDatabase {

	// where a Spring Boot jar keeps the migrations
	/** Where the migrations are in the fat jar, and in the extracted layout's {@code lib/logbatch.jar}. */
	private static final String JAR_MIGRATIONS = "BOOT-INF/classes/db/migration/";

	private static final String EXTRACTED_MIGRATIONS = "db/migration/";

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
	 * Creates database {@code name} beside this one, in the same server, and returns it: a contender of
	 * another schema (an earlier build's) gets a database of its own.
	 */
	BenchDatabase create(String name) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return new BenchDatabase(this.jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
	}

	/**
	 * Applies logbatch's own migrations (Spring Batch's tables, {@code log_event}, ...), so that every
	 * contender finds the schema; logbatch's Flyway then finds nothing to do.
	 */
	void createSchema() {
		migrate("classpath:db/migration");
	}

	/**
	 * Applies the migrations that {@code jar} holds, as that build would on its first run: an earlier
	 * build's schema, which the migrations on this classpath would take further.
	 */
	void createSchema(Path jar) throws IOException {
		Path migrations = Files.createTempDirectory("logbatch-migrations");
		try (JarFile file = new JarFile(jar.toFile())) {
			for (JarEntry entry : Collections.list(file.entries())) {
				String name = entry.getName();
				if ((name.startsWith(JAR_MIGRATIONS) || name.startsWith(EXTRACTED_MIGRATIONS)) && name.endsWith(".sql")) {
					try (InputStream in = file.getInputStream(entry)) {
						Files.copy(in, migrations.resolve(name.substring(name.lastIndexOf('/') + 1)));
					}
				}
			}
		}
		migrate("filesystem:" + migrations);
	}

	private void migrate(String location) {
		Flyway.configure().dataSource(this.jdbcUrl, null, null).locations(location).load().migrate();
		// The partitions of the corpus's days (it starts on 2026-11-25), which logbatch creates
		// itself but the COPY and textbook contenders do not; an earlier build's log_event may have none.
		if (partitioned()) {
			List<LocalDate> days = new ArrayList<>();
			for (LocalDate day = LocalDate.parse("2026-11-24"); day.isBefore(LocalDate.parse("2026-12-03")); day = day
				.plusDays(1)) {
				days.add(day);
			}
			dayPartitions().ensure(days);
		}
	}

	/** The store's partitions, as logbatch creates them. */
	DayPartitions dayPartitions() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl);
		return new DayPartitions(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
	}

	private boolean partitioned() {
		try {
			return queryLong("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'log_event'::regclass") > 0;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read log_event's kind", ex);
		}
	}

	/**
	 * Empties {@code log_event}, {@code log_rollup} and {@code log_rollup_hour} (where the schema has them) and {@code consumer_offset},
	 * checkpoints, and has the kernel write every dirty page out ({@code sync}): every contender starts on an
	 * empty table, a fresh checkpoint cycle and an idle disk. Without the {@code sync}, the broker's
	 * writeback of a corpus loaded just before (the broker does not flush) competed with PostgreSQL's WAL
	 * flushes during the next run.
	 */
	void reset() throws SQLException {
		boolean rollups = queryLong("SELECT count(*) FROM pg_class WHERE relname = 'log_rollup'") > 0;
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE log_event, consumer_offset" + (rollups ? ", log_rollup, log_rollup_hour" : ""));
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

	/**
	 * Checkpoints and has the kernel write every dirty page out, as {@link #reset} does, but keeps the
	 * tables' rows: for a run onto what earlier runs stored.
	 */
	void settle() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
		syncDisks();
	}

	/**
	 * What {@code log_event} is: its partition key (none when it is a plain table), its partitions with
	 * their bounds, and its indexes, each as PostgreSQL prints it.
	 */
	LogEventLayout logEventLayout() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			String key;
			try (ResultSet result = statement.executeQuery("SELECT pg_get_partkeydef('log_event'::regclass)")) {
				result.next();
				key = result.getString(1);
			}
			List<String> partitions = new ArrayList<>();
			try (ResultSet result = statement.executeQuery("SELECT c.relname FROM pg_inherits i "
					+ "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'log_event'::regclass ORDER BY 1")) {
				while (result.next()) {
					partitions.add(result.getString(1));
				}
			}
			List<String> indexes = new ArrayList<>();
			try (ResultSet result = statement.executeQuery("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
					+ "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'log_event'::regclass "
					+ "ORDER BY c.relname")) {
				while (result.next()) {
					indexes.add(result.getString(1));
				}
			}
			return new LogEventLayout(key, partitions, indexes);
		}
	}

	/** The rows of {@code log_event} per partition (per table: the table itself when it is not partitioned). */
	List<String> rowsPerPartition() throws SQLException {
		List<String> lines = new ArrayList<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT tableoid::regclass::text, count(*) FROM log_event GROUP BY 1 ORDER BY 1")) {
			while (result.next()) {
				lines.add(result.getString(1) + " " + result.getLong(2));
			}
		}
		return lines;
	}

	long rows() throws SQLException {
		return queryLong("SELECT count(*) FROM log_event");
	}

	/** The rows of {@code log_event} from {@code from} on. */
	long rowsFrom(Instant from) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM log_event WHERE occurred_at >= ?")) {
			statement.setObject(1, from.atOffset(ZoneOffset.UTC));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
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

	/**
	 * The layout of {@code log_event}.
	 *
	 * @param partitionKey its partition key, as {@code pg_get_partkeydef} prints it; null when it is not
	 * partitioned
	 * @param partitions its partitions, by name
	 * @param indexes the definitions of its own indexes (those of the partitioned table, which every
	 * partition has)
	 */
	record LogEventLayout(@Nullable String partitionKey, List<String> partitions, List<String> indexes) {

		/** The days in {@code days} that have no partition of their own. */
		List<LocalDate> missingDays(List<LocalDate> days) {
			return days.stream().filter((day) -> !this.partitions.contains(DayPartitions.nameOf(day))).toList();
		}

		@Override
		public String toString() {
			if (this.partitionKey == null) {
				return "a plain table (not partitioned); indexes: " + String.join("; ", this.indexes);
			}
			return "partitioned by " + this.partitionKey + ", " + this.partitions.size() + " partitions ("
					+ String.join(", ", this.partitions) + "); " + this.indexes.size() + " indexes: "
					+ String.join("; ", this.indexes);
		}

	}

	/** One job execution as Spring Batch recorded it. */
	record JobRun(long id, String status, @Nullable Instant start, @Nullable Instant end) {

		/** No job execution: the job did not start (a bad argument, say). */
		static final JobRun NONE = new JobRun(0, "no job execution", null, null);

	}

}
