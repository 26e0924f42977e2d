package io.logbatch.parsing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Random;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run stores of text that PostgreSQL cannot hold as written and of epoch timestamps in other units than
 * milliseconds, through the real broker and database. Record values are written as real producers write them:
 * lone surrogates and NUL as JSON escapes ({@code "\ud800"}, {@code "\u0000"}), as Python's {@code json.dumps}
 * does, because their raw bytes would not be UTF-8.
 */
class StoredTextAndTimeTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesReplacementCharacterForLoneSurrogatesAndNulInTextAndDeadLettersBadEventIds() throws Exception {
		// given ids that replacing a character would merge with another stored id, and ids too long to index
		String topic = Kafka.uniqueTopic("text");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.send(topic, 0, "k-nul-id", withId("n\\u0000"));
		Kafka.send(topic, 0, "k-fffd-id", withId("n\\ufffd"));
		Kafka.send(topic, 1, "k-surrogate-id", withId("s\\ud800"));
		Kafka.send(topic, 1, "k-question-id", withId("s?"));
		Kafka.send(topic, 0, "k-3000-id", withId(hex(3_000)));
		Kafka.send(topic, 1, "k-10000-id", withId(hex(10_000)));
		// and lone surrogates and NUL in a message, an attribute key and nested attribute values
		Kafka.send(topic, 0, "k-text", """
				{"event_id":"text","@timestamp":"2026-01-01T00:00:00Z","message":"a\\ud800b\\u0000c\\udc00",\
				"user":{"name\\udfff":"x\\u0000y","tags":["\\udbff",{"k":"\\ud83d\\ude00"}]}}""");

		// when
		RunSummary summary = Logbatch.forTopics(topic).run();

		// then: each look-alike id is a row of its own, and the bad ids went to the DLT, not to PostgreSQL
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.deadLettered()).isEqualTo(4);
		assertThat(Database.jdbc().queryForList("SELECT event_id FROM log_event", String.class))
			.containsExactlyInAnyOrder("n\uFFFD", "s?", "text");
		Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = DeadLetters.byKey(Kafka.readAll(topic + "-dlt"));
		assertThat(deadLetters).containsOnlyKeys("k-nul-id", "k-surrogate-id", "k-3000-id", "k-10000-id");
		deadLetters.values().forEach((deadLetter) -> DeadLetters.assertReason(deadLetter, "bad-event-id"));

		// then: U+FFFD where the lone surrogates and NUL were; a surrogate pair stays
		assertThat(column("message", "text")).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
		assertThat(column("attributes::text", "text"))
			.isEqualTo("{\"user\": {\"tags\": [\"\uFFFD\", {\"k\": \"\uD83D\uDE00\"}], \"name\uFFFD\": \"x\uFFFDy\"}}");
	}

	@Test
	void storesEpochTimestampsInTheUnitTheirMagnitudeSays() throws Exception {
		// given epoch numbers as Python's time.time(), zap, Java and OpenTelemetry write them
		String topic = Kafka.uniqueTopic("epoch");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-seconds", """
				{"event_id":"seconds","ts":1767225600,"published_at":1767225601}""");
		Kafka.send(topic, 0, "k-python", """
				{"event_id":"python","ts":1767225600.123456}""");
		Kafka.send(topic, 0, "k-zap", """
				{"event_id":"zap","level":"info","ts":1767225600.2510831,"msg":"started"}""");
		Kafka.send(topic, 0, "k-millis", """
				{"event_id":"millis","timestamp":1767225600123}""");
		Kafka.send(topic, 0, "k-nanos", """
				{"event_id":"nanos","time":1767225600123456789}""");

		// when
		RunSummary summary = Logbatch.forTopics(topic).run();

		// then: all in 2026, to PostgreSQL's microseconds
		assertThat(summary.written()).isEqualTo(5);
		assertThat(summary.deadLettered()).isZero();
		assertThat(time("occurred_at", "seconds")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(time("published_at", "seconds")).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
		assertThat(time("occurred_at", "python")).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
		assertThat(time("occurred_at", "zap")).isEqualTo(Instant.parse("2026-01-01T00:00:00.251083Z"));
		assertThat(time("occurred_at", "millis")).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
		assertThat(time("occurred_at", "nanos")).isEqualTo(Instant.parse("2026-01-01T00:00:00.123457Z"));
	}

	private static String withId(String id) {
		return """
				{"event_id":"%s","@timestamp":"2026-01-01T00:00:00Z","message":"m"}""".formatted(id);
	}

	/** Random hex, which PostgreSQL cannot compress below its index row limit as it could a repeated letter. */
	private static String hex(int length) {
		Random random = new Random(length);
		StringBuilder hex = new StringBuilder(length);
		while (hex.length() < length) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

	private static String column(String expression, String eventId) {
		return Database.jdbc()
			.queryForObject("SELECT " + expression + " FROM log_event WHERE event_id = ?", String.class, eventId);
	}

	private static Instant time(String column, String eventId) {
		return Database.jdbc()
			.queryForObject("SELECT " + column + " FROM log_event WHERE event_id = ?", OffsetDateTime.class, eventId)
			.toInstant();
	}
}
