package io.logbatch.offsets;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits next offsets to the Kafka consumer group, always after the database holds them.
 * A failed commit is logged, not thrown: the database stays the truth and the next chunk or
 * run commits again, so the group only ever lags. Thread-safe.
 */
public class GroupOffsetCommitter {

	private static final Logger logger = LoggerFactory.getLogger(GroupOffsetCommitter.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Admin admin;

	private final String groupId;

	public GroupOffsetCommitter(Admin admin, String groupId) {
		this.admin = admin;
		this.groupId = groupId;
	}

	/** Commits the given next offsets, waiting for the broker's answer. */
	public void commit(Map<TopicPartition, Long> nextOffsets) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
		nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
		try {
			// The partitions are assigned, not subscribed, so the group has no members and the
			// admin API may set its offsets.
			this.admin.alterConsumerGroupOffsets(this.groupId, offsets)
				.all()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted committing offsets {} of group {}; the database holds them", nextOffsets,
					this.groupId);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not commit offsets {} of group {} to Kafka ({}); the database holds them and the "
					+ "next commit catches up", nextOffsets, this.groupId, ex.toString());
		}
	}

}
