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
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what a run reads: every partition of the source topics, each from its stored next
 * offset (else the group's committed offset, else the earliest) to the end offset of this
 * moment. A stored offset of a topic since deleted and re-created under the same name (its
 * topic id changed, or, with the id unknown, the offset lies past the end) is not read on
 * from: the new topic is read from its beginning, with a WARN line saying so. Thread-safe.
 */
public class PartitionRanges {

	private static final Logger logger = LoggerFactory.getLogger(PartitionRanges.class);

	private final Admin admin;

	private final OffsetStore offsetStore;

	public PartitionRanges(Admin admin, OffsetStore offsetStore) {
		this.admin = admin;
		this.offsetStore = offsetStore;
	}

	/**
	 * Captures the ranges of all partitions of the given topics.
	 * @throws UnknownTopicException if a topic does not exist
	 */
	public List<PartitionRange> capture(String groupId, Collection<String> topics) {
		return capture(groupId, topics, null);
	}

	/**
	 * Each partition's lag: the records between where the group's next run would start and
	 * the end offset of this moment. Waits at most {@code limit} for each answer of the broker.
	 * @throws UnknownTopicException if a topic does not exist
	 */
	public Map<TopicPartition, Long> lag(String groupId, Collection<String> topics, Duration limit) {
		Map<TopicPartition, Long> lag = new LinkedHashMap<>();
		for (PartitionRange range : capture(groupId, topics, limit)) {
			lag.put(range.partition(), range.span());
		}
		return lag;
	}

	private List<PartitionRange> capture(String groupId, Collection<String> topics, @Nullable Duration limit) {
		Map<String, TopicDescription> descriptions = describe(topics, limit);
		List<TopicPartition> partitions = partitionsOf(descriptions);
		Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest(), limit);
		Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest(), limit);
		Map<TopicPartition, StoredOffset> stored = this.offsetStore.findStored(groupId, partitions);
		Map<TopicPartition, Long> committed = (stored.size() < partitions.size()) ? committedOffsets(groupId, limit)
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

	private Map<String, TopicDescription> describe(Collection<String> topics, @Nullable Duration limit) {
		try {
			KafkaFuture<Map<String, TopicDescription>> described = this.admin.describeTopics(topics).allTopicNames();
			return (limit != null) ? described.get(limit.toMillis(), TimeUnit.MILLISECONDS) : described.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				throw new UnknownTopicException("logbatch.topics names a topic that does not exist: " + topics);
			}
			throw new IllegalStateException("Could not describe topics " + topics, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Could not describe topics " + topics + " within " + limit, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted describing topics " + topics, ex);
		}
	}

	private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec,
			@Nullable Duration limit) {
		Map<TopicPartition, OffsetSpec> request = partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (partition) -> spec));
		// read_committed: the end is the last stable offset, as the reader sees it.
		ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
		return await(this.admin.listOffsets(request, options).all(), "list offsets of " + partitions, limit)
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	private Map<TopicPartition, Long> committedOffsets(String groupId, @Nullable Duration limit) {
		Map<TopicPartition, OffsetAndMetadata> committed = await(
				this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
				"list committed offsets of group " + groupId, limit);
		Map<TopicPartition, Long> offsets = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (offset != null) {
				offsets.put(partition, offset.offset());
			}
		});
		return offsets;
	}

	private static <T> T await(KafkaFuture<T> future, String what, @Nullable Duration limit) {
		try {
			return (limit != null) ? future.get(limit.toMillis(), TimeUnit.MILLISECONDS) : future.get();
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Could not " + what + " within " + limit, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not " + what, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted trying to " + what, ex);
		}
	}

	/** A configured source topic does not exist: a configuration error. */
	public static class UnknownTopicException extends RuntimeException {

		public UnknownTopicException(String message) {
			super(message);
		}

	}

}
