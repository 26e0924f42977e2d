package io.logbatch.ingest;

import io.logbatch.LogbatchProperties.Delivery;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition step did with its records, from Spring Batch's counts and those the step
 * keeps in its context: the one derivation that the run summary, {@code status} and the
 * metrics share.
 *
 * @param read records read from Kafka
 * @param written events stored (new, or newer versions in upsert mode)
 * @param duplicates events whose id was already stored and that changed nothing
 * @param filtered events the processing rules dropped
 * @param deadLettered records skipped to a dead-letter topic
 * @param dropped records whose write failed and were dropped (at-most-once delivery only)
 * @param lost records that retention deleted before the run could read them
 */
public record PartitionCounts(long read, long written, long duplicates, long filtered, long deadLettered,
		long dropped, long lost) {

	/** The counts of a partition step execution, as of its last committed chunk. */
	public static PartitionCounts of(StepExecution step, Delivery delivery) {
		ExecutionContext context = step.getExecutionContext();
		// Steps from before events were counted wrote one event per record. Until a restarted step
		// writes its first chunk, its stored context still holds the failed execution's counts.
		long events = (step.getWriteCount() == 0) ? 0 : context.getLong(IngestSteps.EVENTS, step.getWriteCount());
		long duplicates = Math.min(IngestSteps.duplicates(context), events);
		long filtered = step.getFilterCount();
		for (long count : IngestSteps.filteredByRule(step).values()) {
			filtered += count;
		}
		boolean dropWrites = delivery == Delivery.AT_MOST_ONCE;
		long writeSkips = step.getWriteSkipCount();
		return new PartitionCounts(step.getReadCount(), events - duplicates, duplicates, filtered,
				step.getProcessSkipCount() + (dropWrites ? 0 : writeSkips),
				dropWrites ? writeSkips : 0, step.getExecutionContext().getLong(IngestSteps.LOST, 0L));
	}

}
