package io.logbatch.ingest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics written by transactional producers: the last offsets before a run's captured end can
 * be transaction markers, which hold no record. The poll timeout is set far beyond what any
 * of these runs needs, so a run that waited for it instead of ending at its end would be
 * noticed by what it stored, not by a clock.
 */
class TransactionalSourceTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void endsAtItsCapturedEndWhenTheLastOffsetIsACommitMarker() throws Exception {
		// given 5 committed records at offsets 0-4 and their commit marker at offset 5
		String topic = Kafka.uniqueTopic("tx-commit");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
			sendInTransaction(producer, topic, "committed", 0, 5, true);
		}
		TopicPartition partition = new TopicPartition(topic, 0);
		long end = logEndOffset(partition);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.poll-timeout", "60s");

		// when
		RunSummary first = logbatch.run();
		RunSummary second = logbatch.run();

		// then
		assertThat(end).isEqualTo(6);
		assertThat(first.status()).isEqualTo("COMPLETED");
		assertThat(first.written()).isEqualTo(5);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, end);
		assertThat(first.lag()).isZero();
		assertThat(second.read()).isZero();
		assertThat(Database.eventCount()).isEqualTo(5);
	}

	@Test
	void storesOnlyCommittedRecordsAndEndsAtItsCapturedEndAfterAnAbortedTransaction() throws Exception {
		// given 5 committed records (offsets 0-4, marker 5), then 3 aborted ones (6-8, marker 9)
		String topic = Kafka.uniqueTopic("tx-abort");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
			sendInTransaction(producer, topic, "committed", 0, 5, true);
			sendInTransaction(producer, topic, "aborted", 0, 3, false);
		}
		TopicPartition partition = new TopicPartition(topic, 0);
		long end = logEndOffset(partition);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.poll-timeout", "60s");

		// when
		RunSummary first = logbatch.run();
		RunSummary second = logbatch.run();

		// then
		assertThat(end).isEqualTo(10);
		assertThat(first.status()).isEqualTo("COMPLETED");
		assertThat(first.read()).isEqualTo(5);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id LIKE 'committed-%'")).isEqualTo(5);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id LIKE 'aborted-%'")).isZero();
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, end);
		assertThat(first.lag()).isZero();
		assertThat(second.read()).isZero();
		assertThat(Database.eventCount()).isEqualTo(5);
	}

	private static KafkaProducer<byte[], byte[]> transactionalProducer() {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
		KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer());
		producer.initTransactions();
		return producer;
	}

	private static void sendInTransaction(KafkaProducer<byte[], byte[]> producer, String topic, String prefix,
			int from, int count, boolean commit) throws Exception {
		producer.beginTransaction();
		for (int i = from; i < from + count; i++) {
			String value = "{\"event_id\":\"%s-%d\",\"message\":\"m\"}".formatted(prefix, i);
			producer.send(new ProducerRecord<>(topic, 0, null, value.getBytes(StandardCharsets.UTF_8))).get();
		}
		if (commit) {
			producer.commitTransaction();
		}
		else {
			producer.abortTransaction();
		}
	}

	/** The end offset a read_committed consumer sees: the last stable offset. */
	private static long logEndOffset(TopicPartition partition) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
			return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
					new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.partitionResult(partition)
				.get()
				.offset();
		}
	}

}
