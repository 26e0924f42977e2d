package io.logbatch.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedRunTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void secondRunReadsOnlyWhatArrivedAfterTheFirst() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("again");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendAll(topic, 0, events("first", 0, 20));
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.run();
		Kafka.sendAll(topic, 0, events("second", 0, 5));
		Kafka.sendAll(topic, 1, events("second", 5, 3));

		// when
		RunSummary second = logbatch.run();

		// then
		assertThat(second.read()).isEqualTo(8);
		assertThat(second.written()).isEqualTo(8);
		assertThat(Database.eventCount()).isEqualTo(28);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 25L)
			.containsEntry(new TopicPartition(topic, 1), 3L);
	}

	@Test
	void startsFromTheGroupsCommittedOffsetWhenTheDatabaseHasNone() throws Exception {
		// given a group that another consumer already moved to offset 6
		String topic = Kafka.uniqueTopic("committed");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events("e", 0, 10));
		Logbatch logbatch = Logbatch.forTopics(topic);
		Kafka.commitOffsets(logbatch.groupId(), java.util.Map.of(new TopicPartition(topic, 0), 6L));

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.read()).isEqualTo(4);
		assertThat(Database.count("SELECT min(source_offset) FROM log_event")).isEqualTo(6);
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void stopsAtTheEndOffsetsCapturedAtStartWhileAProducerKeepsWriting() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("busy");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendAll(topic, 0, events("seed", 0, 500));
		AtomicBoolean producing = new AtomicBoolean(true);
		AtomicInteger produced = new AtomicInteger(500);
		Thread producer = new Thread(() -> {
			try (KafkaProducer<byte[], byte[]> kafka = Kafka.producer()) {
				while (producing.get()) {
					// one acknowledged record at a time: a steady trickle, not a flood
					int n = produced.get();
					kafka.send(new ProducerRecord<>(topic, n % 2, null, events("live", n, 1).get(0).getBytes())).get();
					produced.incrementAndGet();
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		producer.start();
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "50");

		// when
		RunSummary during;
		try {
			during = logbatch.run();
		}
		finally {
			producing.set(false);
			producer.join();
		}

		// then the run ended although records kept coming, and the next run reads the rest
		assertThat(during.status()).isEqualTo("COMPLETED");
		assertThat(during.read()).isGreaterThanOrEqualTo(500).isLessThan(produced.get());
		RunSummary after = logbatch.run();
		assertThat(during.read() + after.read()).isEqualTo(produced.get());
		assertThat(Database.eventCount()).isEqualTo(produced.get());
	}

	@Test
	@Timeout(value = 30, unit = TimeUnit.SECONDS)
	void completesAtOnceOnAnEmptyTopic() throws Exception {
		// given a poll timeout longer than the test may take
		String topic = Kafka.uniqueTopic("empty");
		Kafka.createTopicWithDeadLetterTopic(topic, 3);

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.poll-timeout", "5m").run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isZero();
	}

	private static List<String> events(String prefix, int from, int count) {
		List<String> events = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			events.add("{\"event_id\":\"%s-%d\",\"message\":\"m\"}".formatted(prefix, i));
		}
		return events;
	}

}
