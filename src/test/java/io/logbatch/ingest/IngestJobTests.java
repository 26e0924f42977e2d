package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestJobTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesEveryEventOfEveryPartitionOfTwoTopicsOnce() throws Exception {
		// given
		String orders = Kafka.uniqueTopic("orders");
		String payments = Kafka.uniqueTopic("payments");
		Kafka.createTopicWithDeadLetterTopic(orders, 3);
		Kafka.createTopicWithDeadLetterTopic(payments, 2);
		for (int partition = 0; partition < 3; partition++) {
			Kafka.sendAll(orders, partition, events("o" + partition, 40));
		}
		for (int partition = 0; partition < 2; partition++) {
			Kafka.sendAll(payments, partition, events("p" + partition, 25));
		}
		Logbatch logbatch = Logbatch.forTopics(orders + "," + payments).with("logbatch.chunk-size", "7");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(170);
		assertThat(summary.written()).isEqualTo(170);
		assertThat(Database.eventCount()).isEqualTo(170);
		Map<String, Object> row = Database.jdbc()
			.queryForMap("SELECT * FROM log_event WHERE event_id = 'p1-24'");
		assertThat(row).containsEntry("source_topic", payments)
			.containsEntry("source_partition", 1)
			.containsEntry("source_offset", 24L)
			.containsEntry("level", "WARN")
			.containsEntry("service", "checkout")
			.containsEntry("message", "message 24");
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(orders, 2), 40L)
			.containsEntry(new TopicPartition(payments, 1), 25L)
			.hasSize(5);
	}

	@Test
	void commitsTheGroupOffsetsThatTheDatabaseHolds() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("logs");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendAll(topic, 0, events("a", 30));
		Kafka.sendAll(topic, 1, events("b", 11));
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");

		// when
		logbatch.run();

		// then
		assertThat(Kafka.committedOffsets(logbatch.groupId()))
			.isEqualTo(Database.storedOffsets(logbatch.groupId()))
			.containsEntry(new TopicPartition(topic, 0), 30L)
			.containsEntry(new TopicPartition(topic, 1), 11L);
	}

	private static List<String> events(String prefix, int count) {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add("""
					{"event_id":"%s-%d","@timestamp":"2024-05-01T10:00:00Z","level":"warning",\
					"service":"checkout","message":"message %d","user":{"id":%d}}""".formatted(prefix, i, i, i));
		}
		return events;
	}

}
