package io.logbatch.offsets;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The offsets one run reads from a partition: from {@code startOffset} (inclusive) to
 * {@code endOffset} (exclusive), the end captured when the run started, in the topic that had
 * the id {@code topicId} then (null if unknown).
 *
 * @param lost offsets before the start that the group had not read when retention deleted
 * them: the group's stored offset lay below the log start
 */
public record PartitionRange(TopicPartition partition, long startOffset, long endOffset, @Nullable String topicId,
		long lost) {

	public PartitionRange(TopicPartition partition, long startOffset, long endOffset) {
		this(partition, startOffset, endOffset, null, 0);
	}

	/** Records between start and end, counting any that compaction or markers removed. */
	public long span() {
		return Math.max(0, this.endOffset - this.startOffset);
	}

}
