package io.logbatch.ingest;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What the ingestion job records of itself in Spring Batch's metadata, for the packages that
 * report on runs and operate them: the job's and steps' names, the job parameter of the
 * consumer group, and what each partition step keeps in its execution context. The keys are
 * part of the stored metadata: renaming one orphans what earlier versions wrote.
 */
public final class IngestSteps {

	/** The name of the ingestion job. */
	public static final String JOB_NAME = "ingest";

	/** The name of the job's partition steps, which {@code worker} processes run. */
	public static final String PARTITION_STEP_NAME = "ingestPartition";

	/** The job parameter naming the consumer group of a run. */
	public static final String GROUP = "group";

	/** Partition step context: the Kafka topic. */
	public static final String TOPIC = "topic";

	/** Partition step context: the Kafka partition number. */
	public static final String PARTITION = "partition";

	/** Partition step context: the offset the run started the partition at. */
	public static final String START = "startOffset";

	/** Partition step context: the end offset captured when the run started. */
	public static final String END = "endOffset";

	/** Partition step context: the id of the topic the range was captured in, if known. */
	public static final String TOPIC_ID = "topicId";

	/** Partition step context: records retention deleted before the run could read them. */
	public static final String LOST = "logbatch.lost";

	/** Partition step context: the reader's position as the step's last chunk saved it. */
	public static final String READER_POSITION = "logbatch.next-offset";

	/** Partition step context: events whose id was stored already and that changed nothing. */
	public static final String DUPLICATES = "logbatch.duplicates";

	/** Partition step context: events the step's writes offered, stored or duplicate. */
	public static final String EVENTS = "logbatch.events";

	private IngestSteps() {
	}

	/** Whether a step execution is one of a run's partition steps, not its manager step. */
	public static boolean isPartition(StepExecution step) {
		ExecutionContext context = step.getExecutionContext();
		return context.containsKey(TOPIC) && context.containsKey(PARTITION);
	}

	/** The Kafka partition a partition step execution reads. */
	public static TopicPartition partitionOf(StepExecution step) {
		ExecutionContext context = step.getExecutionContext();
		return new TopicPartition(context.getString(TOPIC), context.getInt(PARTITION));
	}

	/** Events of a partition step whose id was stored already and that changed nothing. */
	public static long duplicates(ExecutionContext context) {
		return context.getLong(DUPLICATES, 0L);
	}

	/** The process a partition step ran in; null for steps from before it was recorded. */
	public static @Nullable String worker(StepExecution step) {
		return PartitionWorker.of(step);
	}

	/** A partition step's acknowledged dead letters, by reason. */
	public static Map<String, Long> deadLettersByReason(ExecutionContext context) {
		return DeadLetterAcknowledgements.of(context);
	}

	/**
	 * A partition step's events dropped by the processing rules, by rule. None before the step wrote its
	 * first chunk: until then a restarted step's stored context still holds the failed execution's counts.
	 */
	public static Map<String, Long> filteredByRule(StepExecution step) {
		return (step.getWriteCount() == 0) ? Map.of() : EventCounts.filteredByRule(step.getExecutionContext());
	}

	/** The reader's position as the step's last chunk saved it, else {@code otherwise}. */
	public static long readerPosition(ExecutionContext context, long otherwise) {
		return context.getLong(READER_POSITION, otherwise);
	}

}
