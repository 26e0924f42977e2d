package io.logbatch.report;

import java.time.LocalDateTime;
import java.util.Map;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.ingest.IngestSteps;
import io.logbatch.ingest.PartitionCounts;
import io.logbatch.offsets.ChunkOffsetCommitter;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition step execution as it records itself: where it ran, what it did with its
 * records so far, and how far through its range it got. Its status, counts and offsets are
 * those of its last committed chunk, also while it runs in another process.
 *
 * @param topic the partition's topic
 * @param partition the partition's number
 * @param status the step's status: {@code STARTING}, {@code STARTED}, {@code COMPLETED}, ...
 * @param worker the process that ran it (see {@link io.logbatch.ingest.PartitionWorker}); null for a step not
 * started yet or from before workers were recorded
 * @param start when the step started; null before
 * @param end when the step ended; null while it runs
 * @param read records read from Kafka
 * @param written events stored (new, or newer versions in upsert mode)
 * @param duplicates events whose id was already stored and that changed nothing
 * @param filtered events the processing rules dropped
 * @param deadLettered records skipped to a dead-letter topic
 * @param dropped records whose write failed and were dropped (at-most-once delivery only)
 * @param lost records that retention deleted before the run could read them
 * @param deadLettersByReason dead letters published, by reason (see {@link IngestSteps#deadLettersByReason})
 * @param filteredByRule events the processing rules dropped, by rule (see {@link IngestSteps#filteredByRule})
 * @param offsets the partition's range and the next offset stored
 */
public record PartitionOutcome(String topic, int partition, String status, @Nullable String worker,
		@Nullable LocalDateTime start, @Nullable LocalDateTime end, long read, long written, long duplicates,
		long filtered, long deadLettered, long dropped, long lost, Map<String, Long> deadLettersByReason,
		Map<String, Long> filteredByRule, Offsets offsets) {

	static PartitionOutcome of(StepExecution step, Delivery delivery) {
		ExecutionContext context = step.getExecutionContext();
		PartitionCounts counts = PartitionCounts.of(step, delivery);
		return new PartitionOutcome(context.getString(IngestSteps.TOPIC, "?"), context.getInt(IngestSteps.PARTITION, -1),
				step.getStatus().name(), IngestSteps.worker(step), step.getStartTime(), step.getEndTime(), counts.read(),
				counts.written(), counts.duplicates(), counts.filtered(), counts.deadLettered(), counts.dropped(),
				counts.lost(),
				IngestSteps.deadLettersByReason(context), IngestSteps.filteredByRule(step), Offsets.of(context));
	}

	/** Whether a step execution is one of the job's partition steps. */
	static boolean isPartition(StepExecution step) {
		return step.getStepName().startsWith(IngestSteps.PARTITION_STEP_NAME);
	}

	/** The partition as Kafka names it: {@code <topic>-<partition>}. */
	public String topicPartition() {
		return this.topic + "-" + this.partition;
	}

	/**
	 * One line for the terminal, such as {@code logs-0 COMPLETED 1000 read, 990 written, 5
	 * duplicates, 0 filtered, 5 dead-lettered, offset 1000 of 1000 (100%), worker host-a:4242}.
	 */
	public String describe() {
		return String.format("%s %s %d read, %d written, %d duplicates, %d filtered, %d dead-lettered%s%s, "
				+ "offset %d of %d (%d%%)%s", topicPartition(), this.status, this.read, this.written, this.duplicates,
				this.filtered, this.deadLettered, (this.dropped > 0) ? ", " + this.dropped + " dropped" : "",
				(this.lost > 0) ? ", " + this.lost + " lost" : "",
				this.offsets.next(), this.offsets.end(), this.offsets.percent(),
				(this.worker != null) ? ", worker " + this.worker : "");
	}

	/**
	 * How far a partition step got through its range.
	 * <p>
	 * The next offset is the one the step stored last, as {@link ChunkOffsetCommitter} keeps
	 * it in the step's context: written in the transaction that writes the same value to
	 * {@code consumer_offset}, with the chunk's rows. While the partition runs it is thus the
	 * table's value as of its last chunk, visible to any process; once it ended, failed or
	 * stopped, it is what this step execution reached. The table itself is not read: it holds
	 * one offset per group, which the group's later runs and restarts move on, so it cannot
	 * tell how far an execution that ended got; and while the execution runs it says the same
	 * (at most once, a chunk more: claimed before it is written). Steps from before the stored
	 * offset was recorded show the reader's position instead, else the start.
	 *
	 * @param start the offset the run started the partition at, captured by its first execution
	 * @param next the next offset to read, as this execution last stored it
	 * @param end the offset the run ends the partition at, captured by its first execution
	 */
	public record Offsets(long start, long next, long end) {

		static Offsets of(ExecutionContext context) {
			long start = context.getLong(IngestSteps.START, 0L);
			long end = context.getLong(IngestSteps.END, start);
			long next = context.containsKey(ChunkOffsetCommitter.STORED_OFFSET_KEY)
					? context.getLong(ChunkOffsetCommitter.STORED_OFFSET_KEY)
					: IngestSteps.readerPosition(context, start);
			return new Offsets(start, next, end);
		}

		/** Offsets of the range behind the next offset; a restart may find the group past the range. */
		public long done() {
			return Math.max(0, Math.min(this.next, this.end) - this.start);
		}

		/** Offsets in the range. */
		public long total() {
			return Math.max(0, this.end - this.start);
		}

		/** Per cent of the range done, rounded down, so that 100 means done; 100 for an empty range. */
		public int percent() {
			return (total() == 0) ? 100 : (int) (done() * 100 / total());
		}

	}

}
