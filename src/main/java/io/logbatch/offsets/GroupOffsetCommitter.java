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
 * at most one per {@link #INTERVAL} (each costs the admin client more than a millisecond of
 * CPU), and the newest offset asked for meanwhile replaces any older one waiting, so the
 * group's offsets only move forward. A failed commit is logged, not thrown: the database stays the
 * truth and the next chunk or run commits again, so the group only ever lags.
 * {@link #flush} waits for what was asked. Thread-safe.
 */
public class GroupOffsetCommitter {

	private static final Logger logger = LoggerFactory.getLogger(GroupOffsetCommitter.class);

	private final Admin admin;

	private final String groupId;

	/** The least time between two commits of a partition, unless {@link #flush flushed}. */
	public static final Duration INTERVAL = Duration.ofSeconds(1);

	private final Map<TopicPartition, Long> waiting = new HashMap<>();

	private final Map<TopicPartition, Long> lastSent = new HashMap<>();

	private final Set<TopicPartition> inFlight = new HashSet<>();

	/** The highest offset of each partition that the group coordinator has acknowledged. */
	private final Map<TopicPartition, Long> acknowledged = new HashMap<>();

	public GroupOffsetCommitter(Admin admin, String groupId) {
		this.admin = admin;
		this.groupId = groupId;
	}

	/**
	 * Commits the next offset of a partition: now, or with a later commit or {@link #flush} if
	 * one is in flight or was sent less than {@link #INTERVAL} ago.
	 */
	public synchronized void commit(TopicPartition partition, long nextOffset) {
		this.waiting.merge(partition, nextOffset, Math::max);
		maybeSend(partition, false);
	}

	/**
	 * Waits until every commit asked for so far is answered, successfully or not.
	 * @return false if that took longer than the timeout
	 */
	public synchronized boolean flush(TopicPartition partition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.inFlight.contains(partition) || this.waiting.containsKey(partition)) {
			maybeSend(partition, true);
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

	/**
	 * The highest next offset of a partition that this committer has committed to the group
	 * and the broker has acknowledged; -1 if none.
	 */
	public synchronized long acknowledged(TopicPartition partition) {
		return this.acknowledged.getOrDefault(partition, -1L);
	}

	private void maybeSend(TopicPartition partition, boolean now) {
		if (this.inFlight.contains(partition) || !this.waiting.containsKey(partition)) {
			return;
		}
		Long last = this.lastSent.get(partition);
		if (now || last == null || System.nanoTime() - last >= INTERVAL.toNanos()) {
			send(partition);
		}
	}

	private void send(TopicPartition partition) {
		long next = this.waiting.remove(partition);
		this.inFlight.add(partition);
		this.lastSent.put(partition, System.nanoTime());
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
		else {
			this.acknowledged.merge(partition, next, Math::max);
		}
		this.inFlight.remove(partition);
		notifyAll();
		maybeSend(partition, false);
	}

}
