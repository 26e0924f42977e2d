package io.logbatch.ingest;

import java.util.Map;

import io.logbatch.LogbatchProperties.Delivery;

import org.springframework.batch.core.step.StepExecution;

/**
 * What one partition step did with its records so far, as its step execution records them.
 *
 * @param topic the partition's topic
 * @param read records read from Kafka
 * @param written events stored (new, or newer versions in upsert mode)
 * @param duplicates events whose id was already stored and that changed nothing
 * @param filtered records the processor dropped on purpose
 * @param deadLettered records skipped to a dead-letter topic
 * @param dropped records whose write failed and were dropped (at-most-once delivery only)
 * @param deadLettersByReason dead letters published, by reason (see {@link DeadLetterCounter})
 */
record PartitionOutcome(String topic, long read, long written, long duplicates, long filtered, long deadLettered,
		long dropped, Map<String, Long> deadLettersByReason) {

	static PartitionOutcome of(StepExecution step, Delivery delivery) {
		long duplicates = step.getExecutionContext().getLong(DuplicateCounter.KEY, 0L);
		boolean dropWrites = delivery == Delivery.AT_MOST_ONCE;
		long writeSkips = step.getWriteSkipCount();
		return new PartitionOutcome(step.getExecutionContext().getString(IngestJobConfiguration.TOPIC, "?"),
				step.getReadCount(), step.getWriteCount() - duplicates, duplicates, step.getFilterCount(),
				step.getProcessSkipCount() + (dropWrites ? 0 : writeSkips), dropWrites ? writeSkips : 0,
				DeadLetterCounter.of(step.getExecutionContext()));
	}

	/** Whether a step execution is one of the job's partition steps. */
	static boolean isPartition(StepExecution step) {
		return step.getStepName().startsWith(IngestJobConfiguration.PARTITION_STEP_NAME);
	}

}
