package io.logbatch.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The test database: reset between tests, and read back to check what a run stored. */
public final class Database {

	private static JdbcTemplate jdbc;

	private Database() {
	}

	public static synchronized JdbcTemplate jdbc() {
		if (jdbc == null) {
			SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
					TestInfrastructure.jdbcUrl());
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
			jdbc = new JdbcTemplate(dataSource);
		}
		return jdbc;
	}

	/**
	 * Empties the event, rollup and offset tables so that a test counts only its own rows; the
	 * day partitions stay.
	 */
	public static void reset() {
		jdbc().execute("TRUNCATE log_event, log_rollup, log_rollup_hour, consumer_offset");
	}

	public static long count(String sql, Object... args) {
		Long count = jdbc().queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	public static long eventCount() {
		return count("SELECT count(*) FROM log_event");
	}

	/** The stored next offsets of a group, by partition. */
	public static Map<TopicPartition, Long> storedOffsets(String groupId) {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		jdbc().query("SELECT topic, partition, next_offset FROM consumer_offset WHERE group_id = ?",
				(rs) -> {
					offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
				}, groupId);
		return offsets;
	}

	/**
	 * How {@code log_rollup} and {@code log_rollup_hour} differ from the rollups counted afresh from
	 * {@code log_event}: one line per minute (or hour), service and level whose counts differ, empty when
	 * they agree.
	 */
	public static List<String> rollupDifferences() {
		return rollupDifferences(jdbc());
	}

	public static List<String> rollupDifferences(JdbcTemplate jdbc) {
		List<String> differences = new ArrayList<>();
		for (String[] table : new String[][] { { "log_rollup", "minute" }, { "log_rollup_hour", "hour" } }) {
			differences.addAll(jdbc.queryForList("""
					SELECT '%1$s ' || bucket || ' ' || service || ' ' || level || ': rollup '
					 || coalesce(r.events::text, 'none') || ', rows ' || coalesce(s.events::text, 'none')
					FROM %1$s r FULL JOIN (SELECT date_trunc('%2$s', occurred_at, 'UTC') AS bucket,
					 coalesce(service, '') AS service, coalesce(level, '') AS level, count(*) AS events
					 FROM log_event GROUP BY 1, 2, 3) s USING (bucket, service, level)
					WHERE r.events IS DISTINCT FROM s.events ORDER BY 1""".formatted(table[0], table[1]),
					String.class));
		}
		return differences;
	}

	public static long rollupTotal() {
		return count("SELECT coalesce(sum(events), 0) FROM log_rollup");
	}

	/**
	 * A new empty database on the test server, for a test that needs its own schema: its JDBC URL, like
	 * {@link TestInfrastructure#jdbcUrl()}'s but for that database.
	 */
	public static String createDatabase(String name) {
		jdbc().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		jdbc().execute("CREATE DATABASE " + name);
		return TestInfrastructure.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name);
	}

	public static void dropDatabase(String name) {
		jdbc().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
	}

	/** The newest execution of the ingestion job. */
	public static long lastExecutionId() {
		return count("SELECT max(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION");
	}

	public static String executionStatus(long executionId) {
		return jdbc().queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
				String.class, executionId);
	}

	/**
	 * Makes the metadata look as a process killed during an execution leaves it: the execution
	 * and its steps STARTED, with no end.
	 */
	public static void leaveRunning(long executionId) {
		jdbc().update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'UNKNOWN', END_TIME = NULL "
				+ "WHERE JOB_EXECUTION_ID = ?", executionId);
		jdbc().update("UPDATE BATCH_STEP_EXECUTION SET STATUS = 'STARTED', EXIT_CODE = 'EXECUTING', END_TIME = NULL "
				+ "WHERE JOB_EXECUTION_ID = ?", executionId);
	}

}
