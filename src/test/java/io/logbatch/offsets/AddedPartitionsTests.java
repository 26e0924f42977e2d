package io.logbatch.offsets;

import java.util.Map;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A topic that grows partitions between runs: the next run reads the new ones from their start. */
class AddedPartitionsTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void readsPartitionsAddedBetweenTwoRunsFromTheirBeginning() throws Exception {
		// given a run over a topic of two partitions
		String topic = Kafka.uniqueTopic("grown");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendEvents(topic, 0, 0, 5);
		Kafka.sendEvents(topic, 1, 100, 5);
		Logbatch logbatch = Logbatch.forTopics(topic);
		RunSummary first = logbatch.run();

		// when the topic (and its DLT) grow to four partitions, and all of them get records
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
			admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4), topic + "-dlt", NewPartitions.increaseTo(4)))
				.all()
				.get();
		}
		for (int partition = 0; partition < 4; partition++) {
			Kafka.sendEvents(topic, partition, 200 + partition * 10, 3);
		}
		Kafka.sendAll(topic, 3, java.util.List.of("not json"));
		RunSummary second = logbatch.run();

		// then the second run reads only what is new, the new partitions from offset 0
		assertThat(first.read()).isEqualTo(10);
		assertThat(second.status()).isEqualTo("COMPLETED");
		assertThat(second.read()).isEqualTo(13);
		assertThat(second.written()).isEqualTo(12);
		assertThat(second.deadLettered()).isEqualTo(1);
		assertThat(second.partitions()).hasSize(4);
		assertThat(Database.eventCount()).isEqualTo(22);
		assertThat(Database.jdbc().queryForList(
				"SELECT next_offset FROM consumer_offset WHERE group_id = ? AND topic = ? ORDER BY partition", Long.class,
				logbatch.groupId(), topic))
			.containsExactly(8L, 8L, 3L, 4L);
		assertThat(logbatch.run().read()).isZero();
	}

}
