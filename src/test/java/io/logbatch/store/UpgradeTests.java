package io.logbatch.store;

import java.util.List;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A database that the version before the partitioned store created and filled (schema version
 * 5: {@code log_event} unpartitioned, keyed by {@code event_id}) is converted in place when
 * logbatch starts on it, each test in a database of its own.
 */
class UpgradeTests {

	private static final String DATABASE = "upgrade_from_v5";

	/** Every column of every row, in event id order: what the upgrade must keep. */
	private static final String ROWS = "SELECT row_to_json(e)::text FROM (SELECT event_id, occurred_at, level, "
			+ "service, host, message, trace_id, attributes, source_topic, source_partition, source_offset, "
			+ "published_at, ingested_at FROM log_event) e ORDER BY event_id";

	@AfterEach
	void dropDatabase() {
		Database.dropDatabase(DATABASE);
	}

	@Test
	void convertsAPopulatedV5DatabaseKeepingEveryRowOnceCountingItsRollupsAndRunsOnFromItsOffsets()
			throws Exception {
		// given a version 5 database with 2,000 events over 52 days, the first and last
		// microseconds of the years 0001 and 9999, a row without level or service, and the first
		// three records of a topic stored with their offset
		String url = Database.createDatabase(DATABASE);
		JdbcTemplate store = migrate(url, "5");
		String topic = Kafka.uniqueTopic("upgrade");
		fillAsVersion5(store, topic);
		List<String> before = store.queryForList(ROWS, String.class);
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, List.of(record(0), record(1), record(2), record(3), record(1)));
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.datasource.url", url)
			// its rollups of the years 0001 and 2025 outlive the run's prune of rollups
			.with("logbatch.store.rollup-retention", "1000000d");
		store.update("INSERT INTO consumer_offset (group_id, topic, partition, next_offset) VALUES (?, ?, 0, 3)",
				logbatch.groupId(), topic);

		// when logbatch starts on it and runs
		RunSummary summary = logbatch.run();

		// then every row is there once and as it was, in the partition of its day, counted in
		// the rollups, and the run read on from the stored offset
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(2);
		assertThat(summary.written()).isOne();
		assertThat(summary.duplicates()).isOne();
		List<String> after = store.queryForList(ROWS, String.class);
		assertThat(after).hasSize(before.size() + 1).containsAll(before);
		assertThat(store.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
				+ "WHERE conrelid = 'log_event'::regclass AND contype = 'p'", String.class))
			.isEqualTo("PRIMARY KEY (event_id, occurred_at)");
		assertThat(store.queryForList("SELECT tableoid::regclass::text FROM log_event GROUP BY 1 ORDER BY 1",
				String.class))
			.isEqualTo(store.queryForList("SELECT DISTINCT 'log_event_p' || to_char(occurred_at AT TIME ZONE 'UTC', "
					+ "'YYYYMMDD') FROM log_event ORDER BY 1", String.class))
			.contains("log_event_p00010101", "log_event_p99991231", "log_event_p20250101", "log_event_p20250222");
		assertThat(Database.rollupDifferences(store)).isEmpty();
		assertThat(store.queryForObject("SELECT sum(events) FROM log_rollup", Long.class))
			.isEqualTo(after.size());
		assertThat(store.queryForObject("SELECT events FROM log_rollup WHERE service = '' AND level = ''",
				Long.class)).isOne();
		assertThat(store.queryForObject("SELECT next_offset FROM consumer_offset WHERE topic = ?", Long.class,
				topic)).isEqualTo(5);
	}

	@Test
	void leavesTheDatabaseAsItWasWhenTheUpgradeFails() {
		// given a version 5 database with a user's view on log_event, which the upgrade may not drop
		String url = Database.createDatabase(DATABASE);
		JdbcTemplate old = migrate(url, "5");
		fillAsVersion5(old, "logs");
		old.execute("CREATE VIEW users_errors AS SELECT * FROM log_event WHERE level = 'ERROR'");
		List<String> before = old.queryForList(ROWS, String.class);

		// when
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> migrate(url, "latest"))
			.withMessageContaining("depend on it");

		// then nothing of it is left: the migration was one transaction
		assertThat(old.queryForList(ROWS, String.class)).isEqualTo(before);
		assertThat(old.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
				+ "WHERE conrelid = 'log_event'::regclass AND contype = 'p'", String.class))
			.isEqualTo("PRIMARY KEY (event_id)");
		assertThat(old.queryForObject("SELECT to_regclass('log_rollup') IS NULL", Boolean.class)).isTrue();
		assertThat(old.queryForObject("SELECT max(version) FROM flyway_schema_history WHERE success", String.class))
			.isEqualTo("5");
	}

	private static JdbcTemplate migrate(String url, String target) {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
		return new JdbcTemplate(dataSource);
	}

	/** Rows as the version 5 writer stored them. */
	private static void fillAsVersion5(JdbcTemplate jdbc, String topic) {
		jdbc.update("""
				INSERT INTO log_event (event_id, occurred_at, level, service, host, message, trace_id, attributes,
				 source_topic, source_partition, source_offset, published_at, ingested_at)
				SELECT 'old-' || i, timestamptz '2025-01-01 00:00:00+00' + i * interval '37 minutes 13.123456 seconds',
				 (ARRAY['INFO', 'WARN', 'ERROR', 'DEBUG'])[1 + i % 4],
				 CASE WHEN i % 5 <> 0 THEN 'service-' || i % 3 END, 'host-' || i % 7, 'message ' || i,
				 CASE WHEN i % 2 = 0 THEN 'trace-' || i / 10 END, jsonb_build_object('i', i, 'tab', E'a\\tb'),
				 'old-topic', i % 2, i, timestamptz '2025-01-01 00:00:00+00' + i * interval '37 minutes',
				 timestamptz '2025-06-01 12:00:00.5+00'
				FROM generate_series(1, 2000) i""");
		jdbc.update("""
				INSERT INTO log_event (event_id, occurred_at, level, service, message, source_topic, source_partition,
				 source_offset, published_at, ingested_at) VALUES
				 ('first', '0001-01-01T00:00:00Z', 'INFO', 'checkout', 'first', 'old-topic', 0, 9001,
				  '0001-01-01T00:00:00Z', '2025-06-01T12:00:00Z'),
				 ('last', '9999-12-31T23:59:59.999999Z', 'FATAL', 'checkout', 'last', 'old-topic', 0, 9002,
				  '9999-12-31T23:59:59.999999Z', '2025-06-01T12:00:00Z'),
				 ('unknown', '2025-01-01T00:00:00Z', NULL, NULL, NULL, 'old-topic', 0, 9003,
				  '2025-01-01T00:00:00Z', '2025-06-01T12:00:00Z')""");
		for (int offset = 0; offset < 3; offset++) {
			jdbc.update("""
					INSERT INTO log_event (event_id, occurred_at, level, service, message, source_topic,
					 source_partition, source_offset, published_at, ingested_at)
					VALUES (?, '2025-02-22T23:59:59.999999Z', 'INFO', 'billing', 'stored before', ?, 0, ?,
					 '2025-02-22T23:59:59.999999Z', '2025-06-01T12:00:00Z')""", "kafka-" + offset, topic, offset);
		}
	}

	/** The record at an offset of the topic: the event kafka-N. */
	private static String record(int n) {
		return """
				{"event_id":"kafka-%d","@timestamp":"2025-02-22T23:59:59.999999Z","level":"INFO","service":"billing",\
				"message":"%s","published_at":"2025-02-22T23:59:59.999999Z"}""".formatted(n, (n < 3) ? "stored before" : "new");
	}

}
