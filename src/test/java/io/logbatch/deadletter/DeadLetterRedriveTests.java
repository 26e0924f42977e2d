package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dlt redrive} as an operator uses it: find why records were dead-lettered, fix the
 * cause, redrive them, and see them stored once by the next run.
 */
class DeadLetterRedriveTests {

	private static final String NO_ID = "{\"message\":\"who am I\"}";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void redrivesARecordRejectedForItsMissingEventIdOnceTheFallbackAcceptsItAndTheNextRunStoresItOnce() {
		// given a record rejected for its missing event id, with a header of its own
		String topic = Kafka.uniqueTopic("redrive-noid");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.send(topic, 1, "k-noid", NO_ID, new RecordHeader("trace", new byte[] { 0, (byte) 0xFF, 7 }));
		Kafka.sendEvents(topic, 1, 0, 2);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.event-id.fallback", "reject");
		assertThat(logbatch.cli("run").out()).contains("3 read, 2 written, 0 duplicates, 0 filtered, 1 dead-lettered");
		ConsumerRecord<byte[], byte[]> source = Kafka.readAll(topic).get(0);

		// when the operator finds why, fixes it, and redrives
		CliResult inspect = logbatch.cli("dlt", "inspect", "--exception", "missing-event-id");
		logbatch.with("logbatch.event-id.fallback", "content-hash");
		CliResult redrive = logbatch.cli("dlt", "redrive");

		// then the record is back in its topic and partition as it was, counted as redriven once
		assertThat(inspect.out()).containsPattern(topic + "-dlt-1@0\\s+" + topic + "-1@0\\s+.*missing-event-id: ");
		assertThat(redrive.exitCode()).as(redrive.err()).isZero();
		assertThat(redrive.out()).contains("moved  " + topic + "-dlt-1@0  " + topic + "-1@0 -> " + topic
				+ "-1@3  (redrive 1 of 3)  InvalidRecordException: missing-event-id: ");
		assertThat(redrive.out()).contains(
				"Redrove 1 record; 0 stay at the redrive limit (logbatch.dlt.max-redrives=3); 0 already redriven.");
		List<ConsumerRecord<byte[], byte[]>> redriven = redriven(topic);
		assertThat(redriven).hasSize(1);
		ConsumerRecord<byte[], byte[]> republished = redriven.get(0);
		assertThat(republished.partition()).isEqualTo(1);
		assertThat(republished.key()).isEqualTo(source.key());
		assertThat(republished.value()).isEqualTo(source.value());
		assertThat(republished.timestamp()).isEqualTo(source.timestamp());
		assertThat(republished.headers().toArray()).extracting(Header::key)
			.containsExactly("trace", DeadLetter.REDRIVE_COUNT_HEADER);
		assertThat(republished.headers().lastHeader("trace").value()).isEqualTo(new byte[] { 0, (byte) 0xFF, 7 });
		assertThat(Kafka.header(republished, DeadLetter.REDRIVE_COUNT_HEADER)).isEqualTo("1");

		// when redrive runs again
		CliResult again = logbatch.cli("dlt", "redrive");

		// then nothing moves a second time
		assertThat(again.out().strip()).isEqualTo(
				"Redrove 0 records; 0 stay at the redrive limit (logbatch.dlt.max-redrives=3); 0 already redriven.");
		assertThat(redriven(topic)).hasSize(1);
		assertThat(Kafka.committedOffsets(logbatch.groupId() + "-redrive"))
			.containsEntry(new TopicPartition(topic + "-dlt", 1), 1L);

		// when the next runs come
		CliResult run = logbatch.cli("run");
		CliResult next = logbatch.cli("run");

		// then the record is stored exactly once
		assertThat(run.out()).contains("1 read, 1 written, 0 duplicates, 0 filtered, 0 dead-lettered");
		assertThat(next.out()).contains("0 read, 0 written");
		assertThat(Database.eventCount()).isEqualTo(3);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE source_topic = ? AND source_partition = 1 "
				+ "AND source_offset = 3 AND message = 'who am I'", topic)).isEqualTo(1);
		assertThat(inspectJson(logbatch).get(0).get("state").asString()).isEqualTo("redriven");
		assertThat(inspectJson(logbatch).get(0).get("redriven").get("offset").asLong()).isEqualTo(3);
	}

	@Test
	void redrivesARowPostgresRejectedOnceTheCauseIsRemoved() {
		// given a row that PostgreSQL rejects, dead-lettered with the database's reason
		String topic = Kafka.uniqueTopic("redrive-rejected");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5);
		Faults.failInserts("23514", 1000, "NEW.event_id = 'e-3'");
		Logbatch logbatch = Logbatch.forTopics(topic);
		assertThat(logbatch.cli("run").out()).contains("5 read, 4 written, 0 duplicates, 0 filtered, 1 dead-lettered");
		assertThat(logbatch.cli("dlt", "inspect").out())
			.containsPattern(topic + "-0@3\\s+.*\\s+RejectedRowException\\s+SQLSTATE 23514: injected failure");

		// when the cause is removed and the operator redrives that kind of failure
		Faults.clear();
		CliResult redrive = logbatch.cli("dlt", "redrive", "--exception", "sqlstate-23514");
		CliResult run = logbatch.cli("run");

		// then
		assertThat(redrive.out()).contains("moved  " + topic + "-dlt-0@0  " + topic + "-0@3 -> " + topic + "-0@5");
		assertThat(run.out()).contains("1 read, 1 written, 0 duplicates, 0 filtered, 0 dead-lettered");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'e-3'")).isEqualTo(1);
		assertThat(Database.eventCount()).isEqualTo(5);
	}

	@Test
	void aRecordThatKeepsFailingStaysInTheDeadLetterTopicAtTheRedriveLimit() {
		// given a record that no fix makes valid, redriven once, dead-lettered again
		String topic = Kafka.uniqueTopic("redrive-limit");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-bad", "still not json");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.dlt.max-redrives", "1");
		logbatch.cli("run");
		assertThat(logbatch.cli("dlt", "redrive").out()).contains("Redrove 1 record;");
		assertThat(logbatch.cli("run").out()).contains("1 read, 0 written, 0 duplicates, 0 filtered, 1 dead-lettered");

		// when
		CliResult redrive = logbatch.cli("dlt", "redrive");

		// then it stays and is reported
		assertThat(redrive.exitCode()).isZero();
		assertThat(redrive.out()).contains("stays  " + topic + "-dlt-0@1  " + topic
				+ "-0@1  redriven once, the limit (logbatch.dlt.max-redrives) is 1  InvalidRecordException: "
				+ "not-json-object");
		assertThat(redrive.out()).contains(
				"Redrove 0 records; 1 stays at the redrive limit (logbatch.dlt.max-redrives=1); 0 already redriven.");
		assertThat(redriven(topic)).hasSize(1);
		JsonNode newest = inspectJson(logbatch).get(0);
		assertThat(newest.get("redriveCount").asInt()).isEqualTo(1);
		assertThat(newest.get("state").asString()).isEqualTo("at-limit");
		assertThat(logbatch.cli("dlt", "redrive").out()).startsWith("Redrove 0 records; 0 stay");
	}

	@Test
	void aDryRunShowsWhatWouldMoveAndWhatStaysAndChangesNothing() {
		// given a redrivable dead letter and one that was redriven three times before
		String topic = Kafka.uniqueTopic("redrive-dry");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-fresh", "not json");
		Kafka.send(topic, 0, "k-tired", "not json either",
				new RecordHeader(DeadLetter.REDRIVE_COUNT_HEADER, "3".getBytes(StandardCharsets.UTF_8)));
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.cli("run");

		// when
		CliResult dryRun = logbatch.cli("dlt", "redrive", "--dry-run");

		// then
		assertThat(dryRun.exitCode()).isZero();
		assertThat(dryRun.out()).contains("would move  " + topic + "-dlt-0@0  " + topic + "-0@0 -> " + topic
				+ "  (redrive 1 of 3)");
		assertThat(dryRun.out()).contains("stays  " + topic + "-dlt-0@1  " + topic
				+ "-0@1  redriven 3 times, the limit (logbatch.dlt.max-redrives) is 3");
		assertThat(dryRun.out()).contains("Dry run, nothing changed: would redrive 1 record; 1 stays at the redrive "
				+ "limit (logbatch.dlt.max-redrives=3); 0 already redriven.");
		assertThat(Kafka.readAll(topic)).hasSize(2);
		assertThat(Kafka.committedOffsets(logbatch.groupId() + "-redrive")).isEmpty();
		assertThat(Database.count("SELECT count(*) FROM dlt_redrive WHERE original_topic = ?", topic)).isZero();

		// when the operator redrives for real
		CliResult redrive = logbatch.cli("dlt", "redrive");

		// then what the dry run showed happens
		assertThat(redrive.out()).contains("moved  " + topic + "-dlt-0@0  " + topic + "-0@0 -> " + topic + "-0@2");
		assertThat(Kafka.readAll(topic)).filteredOn((record) -> record.offset() >= 2)
			.extracting((record) -> new String(record.key(), StandardCharsets.UTF_8))
			.containsExactly("k-fresh");
	}

	@Test
	void redrivesARecordDeadLetteredTwiceOnce() {
		// given a dead letter published twice, as a retried chunk may publish it
		String topic = Kafka.uniqueTopic("redrive-copies");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-noid", NO_ID);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.event-id.fallback", "reject");
		logbatch.cli("run");
		ConsumerRecord<byte[], byte[]> deadLetter = Kafka.readAll(topic + "-dlt").get(0);
		Kafka.send(topic + "-dlt", 0, deadLetter.key(), deadLetter.value(), deadLetter.headers().toArray());

		// when
		logbatch.with("logbatch.event-id.fallback", "content-hash");
		CliResult redrive = logbatch.cli("dlt", "redrive");
		CliResult run = logbatch.cli("run");

		// then
		assertThat(redrive.out()).contains("Redrove 1 record; 0 stay at the redrive limit "
				+ "(logbatch.dlt.max-redrives=3); 1 already redriven.");
		assertThat(redriven(topic)).hasSize(1);
		assertThat(run.out()).contains("1 read, 1 written, 0 duplicates");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE source_topic = ?", topic)).isEqualTo(1);
	}

	@Test
	void recordsAFilterSkipsStayForALaterRedriveThatDoesNotRepeatWhatMovedBefore() {
		// given two dead letters: text that is not JSON, then a record without an event id
		String topic = Kafka.uniqueTopic("redrive-filter");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-text", "not json");
		Kafka.send(topic, 0, "k-noid", NO_ID);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.event-id.fallback", "reject");
		logbatch.cli("run");
		TopicPartition deadLetters = new TopicPartition(topic + "-dlt", 0);

		// when only the missing event ids are redriven
		CliResult filtered = logbatch.cli("dlt", "redrive", "--exception", "missing-event-id");

		// then the other stays, and the redrive group does not pass over it
		assertThat(filtered.out()).contains("moved  " + topic + "-dlt-0@1");
		assertThat(filtered.out())
			.contains("0 already redriven; 1 not matching the filters stays for a later redrive.");
		assertThat(Kafka.committedOffsets(logbatch.groupId() + "-redrive")).doesNotContainKey(deadLetters);

		// when a later redrive takes every dead letter
		CliResult all = logbatch.cli("dlt", "redrive");

		// then it moves the one left, not the one moved before
		assertThat(all.out()).contains("moved  " + topic + "-dlt-0@0");
		assertThat(all.out()).doesNotContain("moved  " + topic + "-dlt-0@1");
		assertThat(all.out()).contains("Redrove 1 record; 0 stay at the redrive limit (logbatch.dlt.max-redrives=3); "
				+ "1 already redriven.");
		assertThat(redriven(topic)).extracting((record) -> new String(record.key(), StandardCharsets.UTF_8))
			.containsExactly("k-noid", "k-text");
		assertThat(Kafka.committedOffsets(logbatch.groupId() + "-redrive")).containsEntry(deadLetters, 2L);
	}

	@Test
	void redrivesOnlyTheTopicItIsGiven() {
		// given dead letters of two topics
		String first = Kafka.uniqueTopic("redrive-first");
		String second = Kafka.uniqueTopic("redrive-second");
		Kafka.createTopicWithDeadLetterTopic(first, 1);
		Kafka.createTopicWithDeadLetterTopic(second, 1);
		Kafka.send(first, 0, "k-first", "not json");
		Kafka.send(second, 0, "k-second", "not json");
		Logbatch logbatch = Logbatch.forTopics(first + "," + second);
		assertThat(logbatch.cli("run").out()).contains("2 dead-lettered");

		// when
		CliResult redrive = logbatch.cli("dlt", "redrive", "--topic", second + "-dlt");

		// then
		assertThat(redrive.out()).contains("Redrove 1 record;");
		assertThat(redriven(first)).isEmpty();
		assertThat(redriven(second)).hasSize(1);
		assertThat(logbatch.cli("dlt", "inspect", "--topic", first).out()).contains("redrivable");
	}

	@Test
	void givesARedrivenRecordTheCurrentTimeWhenItsOwnWouldSoonFallOutOfTheTopicsRetention() throws Exception {
		// given a topic that keeps records two days, and dead letters of 36 and 1 hours ago
		String topic = Kafka.uniqueTopic("redrive-retention");
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
				.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(2).toMillis())))))
				.all()
				.get();
		}
		Kafka.createTopic(topic + "-dlt", 1);
		Instant old = Instant.now().minus(Duration.ofHours(36)).truncatedTo(ChronoUnit.MILLIS);
		Instant recent = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
			producer.send(new ProducerRecord<>(topic, 0, old.toEpochMilli(), null, bytes("old, not json"))).get();
			producer.send(new ProducerRecord<>(topic, 0, recent.toEpochMilli(), null, bytes("recent, not json"))).get();
		}
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.cli("run");
		Instant redrivenAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		// when
		logbatch.cli("dlt", "redrive");

		// then
		List<ConsumerRecord<byte[], byte[]>> redriven = redriven(topic);
		assertThat(redriven).hasSize(2);
		assertThat(Instant.ofEpochMilli(redriven.get(0).timestamp())).isAfterOrEqualTo(redrivenAt);
		assertThat(Instant.ofEpochMilli(redriven.get(1).timestamp())).isEqualTo(recent);
	}

	/** The records of a topic that a redrive published. */
	private static List<ConsumerRecord<byte[], byte[]>> redriven(String topic) {
		return Kafka.readAll(topic)
			.stream()
			.filter((record) -> record.headers().lastHeader(DeadLetter.REDRIVE_COUNT_HEADER) != null)
			.toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static JsonNode inspectJson(Logbatch logbatch) {
		CliResult result = logbatch.cli("dlt", "inspect", "--json");
		assertThat(result.exitCode()).as(result.err()).isZero();
		return JsonMapper.builder().build().readTree(result.out());
	}

}
