package io.logbatch.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events older than {@code logbatch.store.retention} when they arrive, through a run against the real
 * broker and database: not stored, counted as filtered {@code expired} in the summary and {@code status},
 * and shown so by {@code parse}. Their days are far from the retention's boundary (ExpiryTests checks it
 * to the microsecond), so that the test holds at any time of day. The store's table is the one the
 * migrations make: filtering happens before the writer, whatever the table's partitions.
 */
class ExpiredArrivalsTests {

	@TempDir
	Path directory;

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void countsEventsOlderThanTheRetentionAsFilteredExpiredAndStoresTheOthers() throws Exception {
		// given two events of the last hour, two of 40 days ago and one of 2001, under a retention of 30 days
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<String> lines = List.of(event("new-1", now.minus(Duration.ofHours(1))),
				event("old-1", now.minus(Duration.ofDays(40))), event("new-2", now.minus(Duration.ofMinutes(5))),
				event("old-2", now.minus(Duration.ofDays(40))), event("ancient", Instant.parse("2001-09-09T01:46:40Z")));
		String topic = Kafka.uniqueTopic("expired");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, lines);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.store.retention", "30d");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(5);
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.filtered()).isEqualTo(3);
		assertThat(summary.filteredByRule()).isEqualTo(Map.of(topic, Map.of("expired", 3L)));
		assertThat(Database.jdbc().queryForList("SELECT event_id FROM log_event ORDER BY event_id", String.class))
			.containsExactly("new-1", "new-2");
		assertThat(logbatch.cli("status", "--limit", "1").out())
			.contains("    filtered by rule: " + topic + ": expired 3");

		// and parse says what the run did, line by line
		Path file = this.directory.resolve("events.jsonl");
		Files.write(file, lines, StandardCharsets.UTF_8);
		CliResult parse = logbatch.cli("parse", "--topic", topic, file.toString());
		assertThat(parse.exitCode()).isZero();
		assertThat(parse.out().lines().filter((line) -> line.equals("filtered: expired"))).hasSize(3);
		assertThat(parse.out().lines().filter((line) -> line.startsWith("{"))).hasSize(2)
			.allMatch((line) -> line.contains("\"event_id\":\"new-"));
	}

	private static String event(String id, Instant occurredAt) {
		return "{\"event_id\":\"" + id + "\",\"@timestamp\":\"" + occurredAt + "\",\"message\":\"m\"}";
	}

}
