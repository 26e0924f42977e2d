package io.logbatch.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.logbatch.offsets.PartitionRange;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads dead-letter partitions from a start to the end offset captured before reading, and
 * ends as soon as the last record before that end is read: it never waits on an idle poll.
 * Partitions are assigned, never subscribed, so no group rebalances; without a group id it
 * reads without touching any group's offsets. Not thread-safe, like the consumer it holds.
 */
final class DeadLetterConsumer implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(200);

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final Duration stallTimeout;

	/**
	 * @param config Spring Boot's consumer settings; the group, deserializers and commits are
	 * set here
	 * @param groupId the group whose committed offsets this consumer reads and commits; null
	 * for none
	 * @param stallTimeout how long reading may make no progress before it fails
	 */
	DeadLetterConsumer(Map<String, Object> config, @Nullable String groupId, Duration stallTimeout) {
		Map<String, Object> settings = new HashMap<>(config);
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		if (groupId != null) {
			settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		}
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		this.stallTimeout = stallTimeout;
	}

	/** Each partition from its first record to its end of this moment. */
	List<PartitionRange> wholeRanges(List<TopicPartition> partitions) {
		return ranges(partitions, Map.of());
	}

	/**
	 * Each partition from the group's committed offset, else its first record, to its end of
	 * this moment.
	 */
	List<PartitionRange> rangesFromCommitted(List<TopicPartition> partitions) {
		Map<TopicPartition, Long> committed = new HashMap<>();
		this.consumer.committed(Set.copyOf(partitions)).forEach((partition, offset) -> {
			if (offset != null) {
				committed.put(partition, offset.offset());
			}
		});
		return ranges(partitions, committed);
	}

	private List<PartitionRange> ranges(List<TopicPartition> partitions, Map<TopicPartition, Long> starts) {
		Map<TopicPartition, Long> first = this.consumer.beginningOffsets(partitions);
		Map<TopicPartition, Long> end = this.consumer.endOffsets(partitions);
		List<PartitionRange> ranges = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			// Retention may have deleted records since the group committed.
			long start = Math.max(first.get(partition), starts.getOrDefault(partition, 0L));
			ranges.add(new PartitionRange(partition, start, end.get(partition)));
		}
		return ranges;
	}

	/**
	 * Hands every record of the ranges to the handler, in offset order per partition, and
	 * tells it when a partition's range is done.
	 * @throws IllegalStateException if no record arrives for the stall timeout while records
	 * are expected
	 */
	void read(List<PartitionRange> ranges, RecordHandler handler) {
		Map<TopicPartition, PartitionRange> open = new LinkedHashMap<>();
		ranges.stream().filter((range) -> range.span() > 0).forEach((range) -> open.put(range.partition(), range));
		this.consumer.assign(open.keySet());
		open.values().forEach((range) -> this.consumer.seek(range.partition(), range.startOffset()));
		long progress = -1;
		long lastProgress = System.nanoTime();
		while (!open.isEmpty()) {
			ConsumerRecords<byte[], byte[]> polled = this.consumer.poll(POLL);
			for (TopicPartition partition : polled.partitions()) {
				PartitionRange range = open.get(partition);
				for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
					if (range != null && record.offset() < range.endOffset()) {
						handler.record(record);
					}
				}
			}
			long positions = 0;
			for (PartitionRange range : List.copyOf(open.values())) {
				long position = this.consumer.position(range.partition());
				positions += position;
				if (position >= range.endOffset()) {
					open.remove(range.partition());
					this.consumer.pause(List.of(range.partition()));
					handler.end(range);
				}
			}
			if (positions != progress) {
				progress = positions;
				lastProgress = System.nanoTime();
			}
			else if (System.nanoTime() - lastProgress > this.stallTimeout.toNanos()) {
				throw new IllegalStateException("Read no records of " + open.keySet() + " for " + this.stallTimeout
						+ " although they end at " + open.values().stream().map(PartitionRange::endOffset).toList());
			}
		}
	}

	/** Commits the next offset of a partition for this consumer's group, waiting for the broker. */
	void commit(TopicPartition partition, long nextOffset) {
		this.consumer.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
	}

	@Override
	public void close() {
		this.consumer.close();
	}

	/** Receives the records that {@link #read} reads. */
	interface RecordHandler {

		void record(ConsumerRecord<byte[], byte[]> record);

		/** Every record of the range was handed over. */
		default void end(PartitionRange range) {
		}

	}

}
