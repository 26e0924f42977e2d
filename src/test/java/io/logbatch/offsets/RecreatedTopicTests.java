package io.logbatch.offsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RecreatedTopicTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void readsARecreatedTopicFromItsBeginningAndSaysSo(CapturedOutput output) throws Exception {
		// given a topic read up to offset 5, then deleted and re-created with 3 new records
		String topic = Kafka.uniqueTopic("recreated");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events("old", 5));
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.run();
		recreate(topic);
		Kafka.sendAll(topic, 0, events("new", 3));

		// when
		RunSummary second = logbatch.run();
		RunSummary third = logbatch.run();

		// then
		TopicPartition partition = new TopicPartition(topic, 0);
		assertThat(second.status()).isEqualTo("COMPLETED");
		assertThat(second.written()).isEqualTo(3);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id LIKE 'new-%'")).isEqualTo(3);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 3L);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(partition, 3L);
		assertThat(output).containsPattern("WARN .*" + topic + " was deleted and re-created \\(topic id \\S+ is now \\S+\\)");
		assertThat(third.read()).isZero();
	}

	@Test
	void readsATopicFromItsBeginningWhenItsStoredOffsetIsPastTheEndAndItsIdUnknown(CapturedOutput output)
			throws Exception {
		// given offsets stored by a version that did not store topic ids, and the topic re-created
		String topic = Kafka.uniqueTopic("recreated-unknown");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events("old", 5));
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.run();
		Database.jdbc().update("UPDATE consumer_offset SET topic_id = NULL WHERE group_id = ?", logbatch.groupId());
		recreate(topic);
		Kafka.sendAll(topic, 0, events("new", 3));

		// when
		RunSummary second = logbatch.run();

		// then
		assertThat(second.written()).isEqualTo(3);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 3L);
		assertThat(Database.count("SELECT count(*) FROM consumer_offset WHERE group_id = ? AND topic_id IS NOT NULL",
				logbatch.groupId()))
			.isOne();
		assertThat(output).containsPattern("WARN .*" + topic + "-0: the stored next offset 5 is past the end 3");
	}

	/** Deletes a topic and creates it again with the same name, waiting for Kafka to finish each. */
	private static void recreate(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
			admin.deleteTopics(List.of(topic)).all().get();
			Awaitility.await("topic " + topic + " deleted")
				.atMost(Duration.ofSeconds(30))
				.until(() -> !admin.listTopics().names().get().contains(topic));
			// the broker may still be removing the old topic's partitions: creating it fails until then
			Awaitility.await("topic " + topic + " re-created")
				.atMost(Duration.ofSeconds(30))
				.ignoreException(IllegalStateException.class)
				.until(() -> {
					Kafka.createTopic(topic, 1);
					return true;
				});
			Awaitility.await("topic " + topic + " listed")
				.atMost(Duration.ofSeconds(30))
				.until(() -> admin.listTopics().names().get().contains(topic));
		}
	}

	private static List<String> events(String prefix, int count) {
		return java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> "{\"event_id\":\"%s-%d\",\"message\":\"m\"}".formatted(prefix, i))
			.toList();
	}

}
