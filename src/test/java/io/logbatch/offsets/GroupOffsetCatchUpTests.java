package io.logbatch.offsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group offsets' catch-up at the end of a completed run, on the real broker and PostgreSQL: a
 * partition whose stored offset this process's own acknowledged commits did not reach is committed to
 * the group, though every other partition is level. One that this process never committed (a restart
 * of partitions completed before a crash) is CrashRecoveryIT's.
 */
class GroupOffsetCatchUpTests {

	private static final Duration FLUSH = Duration.ofSeconds(30);

	private Admin admin;

	@BeforeEach
	void connect() {
		Database.reset();
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()));
	}

	@AfterEach
	void close() {
		this.admin.close();
	}

	@Test
	void commitsAPartitionWhoseAcknowledgedCommitIsBehindItsStoredOffsetWhenEveryOtherIsLevel() throws Exception {
		// given two partitions stored at 8 and 5, whose group offsets this process committed up to 8 and 3
		String topic = Kafka.uniqueTopic("catch-up-level");
		Kafka.createTopic(topic, 2);
		String groupId = "catch-up-" + topic;
		TopicPartition p0 = new TopicPartition(topic, 0);
		TopicPartition p1 = new TopicPartition(topic, 1);
		OffsetStore store = new OffsetStore(Database.jdbc());
		store.save(groupId, p0, 8);
		store.save(groupId, p1, 5);
		GroupOffsetCommitter committer = new GroupOffsetCommitter(this.admin, groupId);
		committer.commit(p0, 8);
		committer.commit(p1, 3);
		assertThat(committer.flush(p0, FLUSH) && committer.flush(p1, FLUSH)).isTrue();

		// when
		new GroupOffsetCatchUp(store, committer, this.admin, groupId, List.of(topic)).afterJob(completed());

		// then
		assertThat(Kafka.committedOffsets(groupId)).isEqualTo(Map.of(p0, 8L, p1, 5L));
	}

	private static JobExecution completed() {
		JobExecution execution = new JobExecution(1, new JobInstance(1, "ingest"), new JobParameters());
		execution.setStatus(BatchStatus.COMPLETED);
		return execution;
	}

}
