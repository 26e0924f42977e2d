package io.logbatch.offsets;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits next offsets to the Kafka consumer group, always after the database holds them,
 * without holding up the chunk that asked: one commit per partition is in flight at a time,
 * and the newest offset asked for while it is replaces any older one waiting, so the group's
 * offsets only move forward. A failed commit is logged, not thrown: the database stays the
 * truth and the next chunk or run commits again, so the group only ever lags.
 * {@link #flush} waits for what was asked. Thread-safe.
 */
public class GroupOffsetCommitter {

	private static final Logger logger = LoggerFactory.getLogger(GroupOffsetCommitter.class);

	private final Admin admin;

	private final String groupId;

	private final Map<TopicPartition, Long> waiting = new HashMap<>();

	private final Set<TopicPartition> inFlight = new HashSet<>();

	public GroupOffsetCommitter(Admin admin, String groupId) {
		this.admin = admin;
		this.groupId = groupId;
	}

	/** Commits the next offset of a partition: now, or once the commit in flight is answered. */
	public synchronized void commit(TopicPartition partition, long nextOffset) {
		this.waiting.merge(partition, nextOffset, Math::max);
		if (!this.inFlight.contains(partition)) {
			send(partition);
		}
	}

	/**
	 * Waits until every commit asked for so far is answered, successfully or not.
	 * @return false if that took longer than the timeout
	 */
	public synchronized boolean flush(TopicPartition partition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.inFlight.contains(partition) || this.waiting.containsKey(partition)) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private void send(TopicPartition partition) {
		long next = this.waiting.remove(partition);
		this.inFlight.add(partition);
		// The partitions are assigned, not subscribed, so the group has no members and the
		// admin API may set its offsets.
		this.admin.alterConsumerGroupOffsets(this.groupId, Map.of(partition, new OffsetAndMetadata(next)))
			.all()
			.whenComplete((done, failure) -> answered(partition, next, failure));
	}

	private synchronized void answered(TopicPartition partition, long next, Throwable failure) {
		if (failure != null) {
			logger.warn("Could not commit offset {} of {} for group {} to Kafka ({}); the database holds it and the "
					+ "next commit catches up", next, partition, this.groupId, failure.toString());
		}
		this.inFlight.remove(partition);
		if (this.waiting.containsKey(partition)) {
			send(partition);
		}
		else {
			notifyAll();
		}
	}

}
