package io.logbatch.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets one run reads from a partition: from {@code startOffset} (inclusive) to
 * {@code endOffset} (exclusive), the end captured when the run started.
 */
public record PartitionRange(TopicPartition partition, long startOffset, long endOffset) {

	/** Records between start and end, counting any that compaction or markers removed. */
	public long span() {
		return Math.max(0, this.endOffset - this.startOffset);
	}

}
