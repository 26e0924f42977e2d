package io.logbatch.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Brings the Kafka group's offsets level with the database at the end of every completed run and
 * restart: each source partition whose stored next offset is ahead of the group's in Kafka (or that the
 * group lacks) is committed again, and the run waits for the answers.
 * <p>
 * Each partition step commits its offsets to Kafka itself, and waits for the last commit when it closes
 * its streams; but Spring Batch stores a step COMPLETED before it closes them, and a restart runs only
 * the partitions that did not complete. A process killed while a completed partition waited for its
 * last Kafka commit (a slow or unreachable broker) therefore left the group behind the database, and
 * the restart, which never runs that partition again, left it there. The group only ever lags here, the
 * database being the truth; a failure is logged and the next run tries again.
 * <p>
 * A run whose partition steps all committed their stored offsets, and had them acknowledged, asks the
 * brokers nothing: the group is level already. That is every complete run in one process; a restart
 * of a run whose partitions completed earlier, or a run whose steps ran in {@code worker} processes,
 * reads the group's offsets.
 */
class GroupOffsetCatchUp implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(GroupOffsetCatchUp.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final OffsetStore offsetStore;

	private final GroupOffsetCommitter committer;

	private final Admin admin;

	private final String groupId;

	private final List<String> topics;

	GroupOffsetCatchUp(OffsetStore offsetStore, GroupOffsetCommitter committer, Admin admin, String groupId,
			List<String> topics) {
		this.offsetStore = offsetStore;
		this.committer = committer;
		this.admin = admin;
		this.groupId = groupId;
		this.topics = List.copyOf(topics);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		Map<TopicPartition, StoredOffset> stored = this.offsetStore.findAll(this.groupId);
		stored.keySet().removeIf((partition) -> !this.topics.contains(partition.topic()));
		if (stored.entrySet()
			.stream()
			.allMatch((entry) -> this.committer.acknowledged(entry.getKey()) >= entry.getValue().nextOffset())) {
			return; // this run's own commits brought the group level, and the broker acknowledged them
		}
		try {
			Map<TopicPartition, OffsetAndMetadata> inKafka = this.admin.listConsumerGroupOffsets(this.groupId)
				.partitionsToOffsetAndMetadata()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			List<TopicPartition> behind = new ArrayList<>();
			stored.forEach((partition, offset) -> {
				OffsetAndMetadata committed = inKafka.get(partition);
				if (committed == null || committed.offset() < offset.nextOffset()) {
					behind.add(partition);
					this.committer.commit(partition, offset.nextOffset());
				}
			});
			for (TopicPartition partition : behind) {
				Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				if (!this.committer.flush(partition, left)) {
					logger.warn("The group's offset of {} was not committed to Kafka within {}; the database holds it "
							+ "and the next run commits it", partition, TIMEOUT);
				}
			}
			if (!behind.isEmpty()) {
				logger.info("Committed the database's offsets of {} to Kafka group {}, which was behind them",
						behind, this.groupId);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not read Kafka group {}'s offsets to bring them level with the database ({}); the next "
					+ "run does", this.groupId, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
