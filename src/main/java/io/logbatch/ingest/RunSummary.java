package io.logbatch.ingest;

import java.time.Duration;
import java.time.LocalDateTime;

import io.logbatch.LogbatchProperties.Delivery;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution of the ingestion job did, summed over its partitions.
 *
 * @param read records read from Kafka
 * @param written events stored (new, or newer versions in upsert mode)
 * @param duplicates events whose id was already stored and that changed nothing
 * @param filtered records the processor dropped on purpose
 * @param deadLettered records sent to a dead-letter topic
 * @param dropped records whose write failed and were dropped (at-most-once delivery only)
 */
public record RunSummary(long executionId, String status, long read, long written, long duplicates, long filtered,
		long deadLettered, long dropped, Duration duration) {

	/** Sums the partition steps of a job execution. */
	public static RunSummary of(JobExecution execution, Delivery delivery) {
		long read = 0;
		long writes = 0;
		long duplicates = 0;
		long filtered = 0;
		long processSkips = 0;
		long writeSkips = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			if (!step.getStepName().startsWith(IngestJobConfiguration.PARTITION_STEP_NAME)) {
				continue;
			}
			read += step.getReadCount();
			writes += step.getWriteCount();
			duplicates += step.getExecutionContext().getLong(DuplicateCounter.KEY, 0L);
			filtered += step.getFilterCount();
			processSkips += step.getProcessSkipCount();
			writeSkips += step.getWriteSkipCount();
		}
		boolean dropWrites = delivery == Delivery.AT_MOST_ONCE;
		LocalDateTime start = (execution.getStartTime() != null) ? execution.getStartTime()
				: execution.getCreateTime();
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		return new RunSummary(execution.getId(), execution.getStatus().name(), read, writes - duplicates, duplicates,
				filtered, processSkips + (dropWrites ? 0 : writeSkips), dropWrites ? writeSkips : 0,
				Duration.between(start, end));
	}

	/** Records read per second over the whole run. */
	public long recordsPerSecond() {
		long millis = Math.max(1, this.duration.toMillis());
		return this.read * 1000 / millis;
	}

	/** One line for logs and the terminal. */
	public String describe() {
		return String.format(
				"Run %d %s: %d read, %d written, %d duplicates, %d filtered, %d dead-lettered%s in %.3f s (%d records/s)",
				this.executionId, this.status, this.read, this.written, this.duplicates, this.filtered,
				this.deadLettered, (this.dropped > 0) ? ", " + this.dropped + " dropped" : "",
				this.duration.toMillis() / 1000.0, recordsPerSecond());
	}

}
