package io.logbatch.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logbatch.metrics.RecordMetrics;
import io.logbatch.metrics.RecordMetrics.Outcome;
import io.logbatch.offsets.PartitionRange;
import io.logbatch.offsets.PartitionRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition of work per Kafka partition, each with the range captured when the run
 * starts. Spring Batch calls it on a run's first execution only: a restart reuses the saved
 * contexts, so it finishes the original range.
 * <p>
 * Records that retention deleted before the group read them are reported here, once per run:
 * an ERROR line per partition, the {@link Outcome#LOST} metric, and a count in the partition's
 * context that the run summary, {@code status} and the alert webhook show. Thread-safe.
 */
class CapturedRanges implements Partitioner {

	private static final Logger logger = LoggerFactory.getLogger(CapturedRanges.class);

	private final PartitionRanges partitionRanges;

	private final RecordMetrics metrics;

	private final String groupId;

	private final List<String> topics;

	CapturedRanges(PartitionRanges partitionRanges, RecordMetrics metrics, String groupId, List<String> topics) {
		this.partitionRanges = partitionRanges;
		this.metrics = metrics;
		this.groupId = groupId;
		this.topics = topics;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (PartitionRange range : this.partitionRanges.capture(this.groupId, this.topics)) {
			ExecutionContext context = new ExecutionContext();
			context.putString(IngestSteps.TOPIC, range.partition().topic());
			context.putInt(IngestSteps.PARTITION, range.partition().partition());
			context.putLong(IngestSteps.START, range.startOffset());
			context.putLong(IngestSteps.END, range.endOffset());
			if (range.topicId() != null) {
				context.putString(IngestSteps.TOPIC_ID, range.topicId());
			}
			if (range.lost() > 0) {
				context.putLong(IngestSteps.LOST, range.lost());
				logger.error("{}: {} records (offsets {} to {}) were deleted by retention before group '{}' read "
						+ "them: lost; reading on from {}", range.partition(), range.lost(),
						range.startOffset() - range.lost(), range.startOffset() - 1, this.groupId,
						range.startOffset());
				this.metrics.count(range.partition().topic(), Outcome.LOST, RecordMetrics.NO_REASON, range.lost());
			}
			partitions.put(range.partition().toString(), context);
		}
		return partitions;
	}

}
