package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dlt inspect} as an operator uses it, against the test broker and database. */
class DeadLetterInspectTests {

	/** Record times a few hours back: older ones could be deleted by the broker's retention. */
	private static final Instant EARLY = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

	private static final Instant MIDDLE = EARLY.plus(1, ChronoUnit.HOURS);

	private static final Instant LATE = EARLY.plus(2, ChronoUnit.HOURS);

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void showsWhereEachDeadLetterCameFromAndWhyAsATable() {
		// given a run that dead-letters records of several kinds
		String topic = Kafka.uniqueTopic("inspect");
		Logbatch logbatch = deadLetteringSeveralKinds(topic);

		// when
		CliResult result = logbatch.cli("dlt", "inspect");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines.get(0)).containsSubsequence("DLT", "ORIGINAL", "TIMESTAMP", "EXCEPTION", "MESSAGE",
				"REDRIVES", "COPIES", "STATE", "KEY", "VALUE");
		assertThat(result.out()).containsPattern("(?m)^" + topic + "-dlt-0@0\\s+" + topic + "-0@1\\s+" + EARLY
				+ "\\s+InvalidRecordException\\s+not-json-object: .*\\s+0\\s+1\\s+redrivable\\s+k-text\\s+"
				+ "connection reset\\\\nby peer\\\\u0007$");
		assertThat(result.out())
			.containsPattern("(?m)^" + topic + "-dlt-1@0\\s+" + topic + "-1@0\\s+" + MIDDLE
					+ "\\s+InvalidRecordException\\s+bad-timestamp: ")
			.containsPattern("(?m)^" + topic + "-dlt-1@1\\s+" + topic + "-1@1\\s+" + LATE
					+ "\\s+RejectedRowException\\s+SQLSTATE 23514: injected failure")
			.containsPattern("(?m)\\s+k-empty\\s+\\(empty\\)$")
			.containsPattern("(?m)\\s+k-large\\s+\\{\"message\":\"x{188}\\.\\.\\. \\(1042 bytes\\)$");
		assertThat(lines).hasSize(7);
		assertThat(lines.get(6)).isEqualTo("5 dead letters in " + topic + "-dlt.");
	}

	@Test
	void showsEveryFieldOfEachDeadLetterAsJson() {
		// given
		String topic = Kafka.uniqueTopic("inspect-json");
		Logbatch logbatch = deadLetteringSeveralKinds(topic);

		// when
		CliResult result = logbatch.cli("dlt", "inspect", "--json", "--topic", topic);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, JsonNode> byKey = byKey(JsonMapper.builder().build().readTree(result.out()));
		assertThat(byKey).containsOnlyKeys("k-text", "k-empty", "k-large", "k-time", "k-rejected");
		JsonNode text = byKey.get("k-text");
		assertThat(text.get("dltTopic").asString()).isEqualTo(topic + "-dlt");
		assertThat(text.get("dltPartition").asInt()).isZero();
		assertThat(text.get("originalTopic").asString()).isEqualTo(topic);
		assertThat(text.get("originalPartition").asInt()).isZero();
		assertThat(text.get("originalOffset").asLong()).isEqualTo(1);
		assertThat(text.get("timestamp").asString()).isEqualTo(EARLY.toString());
		assertThat(text.get("deadLetteredAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(text.get("consumerGroup").asString()).isEqualTo(logbatch.groupId());
		assertThat(text.get("exception").asString()).isEqualTo("io.logbatch.parsing.InvalidRecordException");
		assertThat(text.get("message").asString()).startsWith("not-json-object: ");
		assertThat(text.get("redriveCount").asInt()).isZero();
		assertThat(text.get("copies").asInt()).isEqualTo(1);
		assertThat(text.get("state").asString()).isEqualTo("redrivable");
		assertThat(text.get("redriven").isNull()).isTrue();
		assertThat(text.get("value").asString()).isEqualTo("connection reset\nby peer\u0007");
		assertThat(text.get("valueBytes").asInt()).isEqualTo(25);
		JsonNode rejected = byKey.get("k-rejected");
		assertThat(rejected.get("exception").asString())
			.isEqualTo("io.logbatch.ingest.RejectedRowException");
		assertThat(rejected.get("message").asString()).isEqualTo("SQLSTATE 23514: injected failure");
		JsonNode large = byKey.get("k-large");
		assertThat(large.get("valueBytes").asInt()).isEqualTo(1042);
		assertThat(large.get("value").asString()).hasSize(200).startsWith("{\"message\":\"xxx");
	}

	@Test
	void filtersByExceptionReasonCodeAndOriginalTime() {
		// given
		String topic = Kafka.uniqueTopic("inspect-filter");
		Logbatch logbatch = deadLetteringSeveralKinds(topic);

		// then
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception", "bad-timestamp")))
			.containsExactly("k-time");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception", "RejectedRowException")))
			.containsExactly("k-rejected");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception", "sqlstate-23514")))
			.containsExactly("k-rejected");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception", "sqlstate-23505"))).isEmpty();
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception",
				"io.logbatch.parsing.InvalidRecordException")))
			.containsExactlyInAnyOrder("k-text", "k-empty", "k-large", "k-time");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--exception", "bad-timestamp,empty-value")))
			.containsExactlyInAnyOrder("k-time", "k-empty");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--since",
				MIDDLE.atOffset(ZoneOffset.ofHours(2)).toString())))
			.containsExactlyInAnyOrder("k-time", "k-rejected");
		assertThat(keys(logbatch.cli("dlt", "inspect", "--json", "--since", EARLY.plusSeconds(1).toString(),
				"--until", LATE.toString())))
			.containsExactly("k-time");
		CliResult none = logbatch.cli("dlt", "inspect", "--exception", "NoSuchException");
		assertThat(none.exitCode()).isZero();
		assertThat(none.out().strip()).isEqualTo("No dead letters match in " + topic + "-dlt.");
	}

	@Test
	void limitShowsTheNewestDeadLetters() {
		// given
		String topic = Kafka.uniqueTopic("inspect-limit");
		Logbatch logbatch = deadLetteringSeveralKinds(topic);
		List<String> newestFirst = keys(logbatch.cli("dlt", "inspect", "--json"));

		// when
		CliResult result = logbatch.cli("dlt", "inspect", "--limit", "2");

		// then
		assertThat(newestFirst).hasSize(5);
		List<String> lines = result.out().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(1)).contains(newestFirst.get(0));
		assertThat(lines.get(2)).contains(newestFirst.get(1));
		assertThat(lines.get(3))
			.isEqualTo("5 dead letters in " + topic + "-dlt; the newest 2 shown, --limit shows more.");
	}

	@Test
	void countsCopiesOfARecordDeadLetteredTwiceAsOneDeadLetter() {
		// given a dead letter published twice, as a retried chunk may publish it
		String topic = Kafka.uniqueTopic("inspect-copies");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-bad", "not json");
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.cli("run");
		ConsumerRecord<byte[], byte[]> deadLetter = Kafka.readAll(topic + "-dlt").get(0);
		Kafka.send(topic + "-dlt", 0, deadLetter.key(), deadLetter.value(), deadLetter.headers().toArray());

		// when
		CliResult table = logbatch.cli("dlt", "inspect");
		CliResult json = logbatch.cli("dlt", "inspect", "--json");

		// then
		assertThat(table.out()).containsPattern(topic + "-dlt-0@1\\s+" + topic + "-0@0\\s+.*\\s+0\\s+2\\s+redrivable");
		assertThat(table.out()).contains("1 dead letter in " + topic + "-dlt (2 records with its copies).");
		JsonNode rows = JsonMapper.builder().build().readTree(json.out());
		assertThat(rows.size()).isEqualTo(1);
		assertThat(rows.get(0).get("copies").asInt()).isEqualTo(2);
		assertThat(rows.get(0).get("dltOffset").asLong()).isEqualTo(1);
	}

	@Test
	void readsWithoutTouchingAnyConsumerGroup() {
		// given
		String topic = Kafka.uniqueTopic("inspect-groups");
		Logbatch logbatch = deadLetteringSeveralKinds(topic);
		Map<TopicPartition, Long> jobOffsets = Kafka.committedOffsets(logbatch.groupId());

		// when
		CliResult result = logbatch.cli("dlt", "inspect");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(jobOffsets).containsOnlyKeys(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
		assertThat(Kafka.committedOffsets(logbatch.groupId())).isEqualTo(jobOffsets);
		assertThat(Kafka.committedOffsets(logbatch.groupId() + "-redrive")).isEmpty();
	}

	@Test
	void exitsTwoWithOneLineOnAMissingTopicOrABadOption() {
		// given
		String topic = Kafka.uniqueTopic("inspect-usage");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Logbatch logbatch = Logbatch.forTopics(topic);

		// then
		assertUsageError(logbatch.cli("dlt", "inspect", "--topic", "no-such-topic"),
				"dead-letter topic 'no-such-topic-dlt' does not exist");
		assertUsageError(logbatch.cli("dlt", "redrive", "--topic", "no-such-topic-dlt"),
				"dead-letter topic 'no-such-topic-dlt' does not exist");
		assertUsageError(logbatch.cli("dlt", "inspect", "--limit", "0"), "--limit must be at least 1, was 0");
		assertUsageError(logbatch.cli("dlt", "inspect", "--since", "yesterday"),
				"--since 'yesterday' is not an ISO-8601 time with an offset");
		assertUsageError(logbatch.cli("dlt", "redrive", "--since", "2024-06-01T00:00:00Z", "--until",
				"2024-05-01T00:00:00Z"), "--since 2024-06-01T00:00:00Z must be before --until 2024-05-01T00:00:00Z");
		assertUsageError(logbatch.with("logbatch.dlt.max-redrives", "0").cli("dlt", "redrive"),
				"logbatch.dlt.max-redrives must be at least 1, was 0");
		assertThat(logbatch.cli("dlt").exitCode()).isEqualTo(2);
		CliResult help = logbatch.cli("dlt", "redrive", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("--dry-run", "--exception", "--since", "--until", "--topic");
	}

	/**
	 * One good record and five bad ones over two partitions: text that is not JSON, with
	 * control characters, an empty value and a value of 1042 bytes that is not JSON either
	 * (early), an unparseable timestamp (an hour later) and a row PostgreSQL rejects (two
	 * hours later).
	 */
	private static Logbatch deadLetteringSeveralKinds(String topic) {
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		send(topic, 0, EARLY, "k-good", "{\"event_id\":\"e-good\",\"message\":\"fine\"}");
		send(topic, 0, EARLY, "k-text", "connection reset\nby peer\u0007");
		send(topic, 0, EARLY, "k-empty", "");
		send(topic, 0, EARLY, "k-large", "{\"message\":\"" + "x".repeat(1030));
		send(topic, 1, MIDDLE, "k-time", "{\"event_id\":\"e-time\",\"@timestamp\":\"last tuesday\"}");
		send(topic, 1, LATE, "k-rejected", "{\"event_id\":\"e-reject\",\"message\":\"fine\"}");
		Faults.failInserts("23514", 1000, "NEW.event_id = 'e-reject'");
		Logbatch logbatch = Logbatch.forTopics(topic);
		CliResult run = logbatch.cli("run");
		assertThat(run.out()).contains("COMPLETED: 6 read, 1 written, 0 duplicates, 0 filtered, 5 dead-lettered");
		Faults.clear();
		return logbatch;
	}

	private static void send(String topic, int partition, Instant timestamp, String key, String value) {
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
			producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(),
					key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> keys(CliResult json) {
		assertThat(json.exitCode()).as(json.err()).isZero();
		List<String> keys = new ArrayList<>();
		JsonMapper.builder().build().readTree(json.out()).forEach((row) -> keys.add(row.get("key").asString()));
		return keys;
	}

	private static Map<String, JsonNode> byKey(JsonNode rows) {
		Map<String, JsonNode> byKey = new HashMap<>();
		rows.forEach((row) -> byKey.put(row.get("key").asString(), row));
		return byKey;
	}

	private static void assertUsageError(CliResult result, String message) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1).contains(message);
	}

}
