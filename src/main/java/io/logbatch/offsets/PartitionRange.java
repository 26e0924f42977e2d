package io.logbatch.offsets;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The offsets one run reads from a partition: from {@code startOffset} (inclusive) to
 * {@code endOffset} (exclusive), the end captured when the run started, in the topic that had
 * the id {@code topicId} then (null if unknown).
 */
public record PartitionRange(TopicPartition partition, long startOffset, long endOffset, @Nullable String topicId) {

	public PartitionRange(TopicPartition partition, long startOffset, long endOffset) {
		this(partition, startOffset, endOffset, null);
	}

	/** Records between start and end, counting any that compaction or markers removed. */
	public long span() {
		return Math.max(0, this.endOffset - this.startOffset);
	}

}
