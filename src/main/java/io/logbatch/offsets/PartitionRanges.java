package io.logbatch.offsets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what a run reads: every partition of the source topics, each from its stored next
 * offset (else the group's committed offset, else the earliest) to the end offset of this
 * moment. A stored offset of a topic since deleted and re-created under the same name (its
 * topic id changed, or, with the id unknown, the offset lies past the end) is not read on
 * from: the new topic is read from its beginning, with a WARN line saying so. Every answer of the brokers is awaited up to one deadline per capture, and each
 * admin call carries what is left of it as its own timeout, so that a call the brokers never
 * answer is over when the capture gives up and does not hold up closing the admin client.
 * Thread-safe.
 */
public class PartitionRanges {

	/**
	 * How long a run's capture waits for the brokers: the admin client's 60 s default would
	 * let a run with unreachable brokers outlast the 60 s in which SPEC says it fails.
	 */
	public static final Duration CAPTURE_LIMIT = Duration.ofSeconds(30);

	/** How much longer than an admin call's own timeout its future is awaited. */
	private static final Duration GRACE = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(PartitionRanges.class);

	private final Admin admin;

	private final OffsetStore offsetStore;

	private final String bootstrapServers;

	public PartitionRanges(Admin admin, OffsetStore offsetStore, String bootstrapServers) {
		this.admin = admin;
		this.offsetStore = offsetStore;
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Captures the ranges of all partitions of the given topics, waiting at most
	 * {@link #CAPTURE_LIMIT} for the brokers.
	 * @throws UnknownTopicException if a topic does not exist
	 * @throws BrokersUnreachableException if the brokers did not answer in time
	 */
	public List<PartitionRange> capture(String groupId, Collection<String> topics) {
		return capture(groupId, topics, CAPTURE_LIMIT);
	}

	/**
	 * Each partition's lag: the records between where the group's next run would start and
	 * the end offset of this moment. Waits at most {@code limit} for the brokers.
	 * @throws UnknownTopicException if a topic does not exist
	 * @throws BrokersUnreachableException if the brokers did not answer in time
	 */
	public Map<TopicPartition, Long> lag(String groupId, Collection<String> topics, Duration limit) {
		Map<TopicPartition, Long> lag = new LinkedHashMap<>();
		for (PartitionRange range : capture(groupId, topics, limit)) {
			lag.put(range.partition(), range.span());
		}
		return lag;
	}

	private List<PartitionRange> capture(String groupId, Collection<String> topics, Duration limit) {
		Deadline deadline = new Deadline(limit);
		Map<String, TopicDescription> descriptions = describe(topics, deadline);
		List<TopicPartition> partitions = partitionsOf(descriptions);
		// both requests in flight at once: one round trip to the leaders, not two
		KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> earliestAsked = offsets(partitions,
				OffsetSpec.earliest(), deadline);
		KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> endAsked = offsets(partitions, OffsetSpec.latest(),
				deadline);
		Map<TopicPartition, Long> earliest = offsetsOf(await(earliestAsked, "list offsets of " + partitions, deadline));
		Map<TopicPartition, Long> end = offsetsOf(await(endAsked, "list offsets of " + partitions, deadline));
		Map<TopicPartition, StoredOffset> stored = this.offsetStore.findStored(groupId, partitions);
		Map<TopicPartition, Long> committed = (stored.size() < partitions.size()) ? committedOffsets(groupId, deadline)
				: Map.of();
		Set<String> recreated = new TreeSet<>();
		List<PartitionRange> ranges = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			long first = earliest.get(partition);
			long lost = 0;
			String topicId = descriptions.get(partition.topic()).topicId().toString();
			StoredOffset own = stored.get(partition);
			long start;
			if (own == null) {
				// the group's offsets of a deleted topic are deleted with it
				start = committed.getOrDefault(partition, first);
			}
			else if (own.isOf(topicId, end.get(partition))) {
				start = own.nextOffset();
			}
			else {
				start = first;
				if (own.topicId() != null) {
					if (recreated.add(partition.topic())) {
						logger.warn("{} was deleted and re-created (topic id {} is now {}): it is read from its "
								+ "beginning, not from the offsets stored for the old topic", partition.topic(),
								own.topicId(), topicId);
					}
				}
				else {
					// Stored by a version without topic ids: re-created, or truncated by an unclean
					// leader election. Reading from the beginning loses nothing either way, and
					// what was read before is stored once.
					logger.warn("{}: the stored next offset {} is past the end {}, and the topic id it was read "
							+ "from is unknown: taking the topic as deleted and re-created, it is read from its "
							+ "beginning, offset {}", partition, own.nextOffset(), end.get(partition), first);
				}
			}
			if (start < first) {
				// retention deleted them before the group read them: the run reads on from the
				// log start, and its partition step reports the loss
				lost = first - start;
				start = first;
			}
			if (start > end.get(partition)) {
				// the same topic id: its log was truncated (an unclean leader election)
				logger.warn("{}: stored next offset {} is past the end {} of the same topic; was its log truncated? "
						+ "Nothing is read until it grows past the stored offset", partition, start, end.get(partition));
			}
			ranges.add(new PartitionRange(partition, start, end.get(partition), topicId, lost));
		}
		return ranges;
	}

	private static List<TopicPartition> partitionsOf(Map<String, TopicDescription> descriptions) {
		return descriptions.values()
			.stream()
			.flatMap((topic) -> topic.partitions()
				.stream()
				.map((info) -> new TopicPartition(topic.name(), info.partition())))
			.sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
			.toList();
	}

	private Map<String, TopicDescription> describe(Collection<String> topics, Deadline deadline) {
		DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs(deadline.leftMillis());
		try {
			return await(this.admin.describeTopics(topics, options).allTopicNames(), "describe topics " + topics,
					deadline);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				throw new UnknownTopicException("logbatch.topics names a topic that does not exist: " + topics);
			}
			throw ex;
		}
	}

	private KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> offsets(List<TopicPartition> partitions,
			OffsetSpec spec, Deadline deadline) {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (partition) -> spec));
		// read_committed: the end is the last stable offset, as the reader sees it.
		ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
		options.timeoutMs(deadline.leftMillis());
		return this.admin.listOffsets(request, options).all();
	}

	private static Map<TopicPartition, Long> offsetsOf(Map<TopicPartition, ListOffsetsResultInfo> answer) {
		return answer.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	private Map<TopicPartition, Long> committedOffsets(String groupId, Deadline deadline) {
		ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions();
		options.timeoutMs(deadline.leftMillis());
		Map<TopicPartition, OffsetAndMetadata> committed = await(
				this.admin.listConsumerGroupOffsets(groupId, options).partitionsToOffsetAndMetadata(),
				"list committed offsets of group " + groupId, deadline);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (offset != null) {
				offsets.put(partition, offset.offset());
			}
		});
		return offsets;
	}

	/**
	 * The answer of an admin call that carries the deadline as its timeout. The future's own
	 * wait is a second guard, a little longer, should the admin client's timeout not fire.
	 */
	private <T> T await(KafkaFuture<T> future, String what, Deadline deadline) {
		try {
			return future.get(deadline.leftMillis() + GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw unreachable(deadline, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
				throw unreachable(deadline, ex.getCause());
			}
			throw new IllegalStateException("Could not " + what + ": " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted trying to " + what, ex);
		}
	}

	private BrokersUnreachableException unreachable(Deadline deadline, Throwable cause) {
		return new BrokersUnreachableException("Kafka brokers not reachable at " + this.bootstrapServers + " within "
				+ deadline.limit().toSeconds() + " s (spring.kafka.bootstrap-servers)", cause);
	}

	/** One limit for all the calls of a capture. */
	private record Deadline(Duration limit, long endNanos) {

		Deadline(Duration limit) {
			this(limit, System.nanoTime() + limit.toNanos());
		}

		int leftMillis() {
			long left = (this.endNanos - System.nanoTime()) / 1_000_000;
			return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
		}

	}

	/** A configured source topic does not exist: a configuration error. */
	public static class UnknownTopicException extends RuntimeException {

		public UnknownTopicException(String message) {
			super(message);
		}

	}

	/**
	 * The brokers of {@code spring.kafka.bootstrap-servers} did not answer within the limit:
	 * the run fails, and nothing else is worth asking them. Like Kafka's own API exceptions it
	 * carries no stack trace: where it was thrown tells an operator nothing, and the step's
	 * ERROR line stays a few lines rather than fifty.
	 */
	public static class BrokersUnreachableException extends RuntimeException {

		public BrokersUnreachableException(String message, Throwable cause) {
			super(message, cause, false, false);
		}

	}

}
