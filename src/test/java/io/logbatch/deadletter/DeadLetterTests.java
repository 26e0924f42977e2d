package io.logbatch.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.logbatch.parsing.InvalidRecordException;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTests {

	private static final String GOOD = """
			{"event_id":"%s","@timestamp":"2024-05-01T10:00:00Z","message":"fine"}""";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void skipsEachKindOfBadRecordToTheDeadLetterTopicWhileTheRunCompletes() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("bad");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.send(topic, 0, "k-good-1", GOOD.formatted("good-1"));
		Kafka.send(topic, 0, "k-null", null, new RecordHeader("trace", new byte[] { 1, 2, 3 }));
		Kafka.send(topic, 0, "k-empty", "");
		Kafka.send(topic, 1, "k-utf8".getBytes(StandardCharsets.UTF_8),
				new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
		Kafka.send(topic, 1, "k-array", "[1,2,3]");
		Kafka.send(topic, 1, "k-text", "connection reset by peer");
		Kafka.send(topic, 0, "k-time", """
				{"event_id":"t1","@timestamp":"yesterday at noon"}""");
		Kafka.send(topic, 1, "k-large", "{\"event_id\":\"big\",\"message\":\"" + "x".repeat(400) + "\"}");
		Kafka.send(topic, 1, "k-good-2", GOOD.formatted("good-2"));
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.max-record-bytes", "300");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.deadLettered()).isEqualTo(7);
		Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = DeadLetters.byKey(Kafka.readAll(topic + "-dlt"));
		assertThat(deadLetters).containsOnlyKeys("k-null", "k-empty", "k-utf8", "k-array", "k-text", "k-time",
				"k-large");
		DeadLetters.assertReason(deadLetters.get("k-null"), "empty-value");
		DeadLetters.assertReason(deadLetters.get("k-empty"), "empty-value");
		DeadLetters.assertReason(deadLetters.get("k-utf8"), "not-utf8");
		DeadLetters.assertReason(deadLetters.get("k-array"), "not-json-object");
		DeadLetters.assertReason(deadLetters.get("k-text"), "not-json-object");
		DeadLetters.assertReason(deadLetters.get("k-time"), "bad-timestamp");
		DeadLetters.assertReason(deadLetters.get("k-large"), "too-large");
	}

	@Test
	void copiesKeyValueAndHeadersByteForByteWithSpringKafkaHeaders() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("copy");
		Kafka.createTopicWithDeadLetterTopic(topic, 3);
		byte[] value = "not json at all: \u00e9\u6f22".getBytes(StandardCharsets.UTF_8);
		Kafka.send(topic, 0, GOOD.formatted("first"), GOOD.formatted("first"));
		Kafka.send(topic, 2, "key".getBytes(StandardCharsets.UTF_8), value,
				new RecordHeader("origin", new byte[] { 0, (byte) 0xFF, 7 }));
		Logbatch logbatch = Logbatch.forTopics(topic);

		// when
		logbatch.run();

		// then
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(deadLetters).hasSize(1);
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
		assertThat(deadLetter.partition()).isEqualTo(2);
		assertThat(deadLetter.key()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
		assertThat(deadLetter.value()).isEqualTo(value);
		assertThat(deadLetter.headers().lastHeader("origin").value()).isEqualTo(new byte[] { 0, (byte) 0xFF, 7 });
		assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
		assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
			.getInt()).isEqualTo(2);
		assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
			.getLong()).isEqualTo(0L);
		assertThat(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP).value()).hasSize(8);
		assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
			.isEqualTo(logbatch.groupId());
		assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE))
			.contains(InvalidRecordException.class.getName());
	}

	@Test
	void rejectsARecordWithoutEventIdWhenTheFallbackIsReject() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("noid");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-noid", """
				{"message":"who am I"}""");
		Kafka.send(topic, 0, "k-id", GOOD.formatted("known"));

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.event-id.fallback", "reject").run();

		// then
		assertThat(summary.written()).isEqualTo(1);
		Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = DeadLetters.byKey(Kafka.readAll(topic + "-dlt"));
		assertThat(deadLetters).containsOnlyKeys("k-noid");
		DeadLetters.assertReason(deadLetters.get("k-noid"), "missing-event-id");
	}
}
