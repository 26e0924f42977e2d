package io.logbatch.ingest;

import java.util.Map;
import java.util.TreeMap;

import io.logbatch.parsing.InvalidRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * One partition step's count of dead letters by reason: the {@link InvalidRecordException}
 * reason code ({@code bad-timestamp}, ...) or, for any other failure such as a row PostgreSQL
 * rejected, the exception's simple class name. The counts go into the step's execution
 * context, one {@code long} per reason under {@value #PREFIX}{@code <reason>}, which commits
 * with each chunk and once more when the step ends; {@link #of} reads them back.
 * <p>
 * It counts what was published, in this execution only. Spring Batch may call the skip
 * listener in a chunk transaction that then rolls back (before it scans the chunk record by
 * record); such a dead letter stays published and is counted, so a count can include a
 * record dead-lettered twice, as the topic itself can. Thread-safe; one instance per
 * partition step.
 */
class DeadLetterCounter implements ItemStream, StepExecutionListener {

	static final String PREFIX = "logbatch.dead-letters.";

	private final Map<String, Long> counts = new TreeMap<>();

	/** The reason a failure is counted under. */
	static String reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidRecordException invalid) {
				return invalid.reason().code();
			}
		}
		return failure.getClass().getSimpleName();
	}

	/** The counts a step execution holds, by reason. */
	static Map<String, Long> of(ExecutionContext context) {
		Map<String, Long> counts = new TreeMap<>();
		for (Map.Entry<String, Object> entry : context.entrySet()) {
			if (entry.getKey().startsWith(PREFIX) && entry.getValue() instanceof Number count) {
				counts.put(entry.getKey().substring(PREFIX.length()), count.longValue());
			}
		}
		return counts;
	}

	/** Counts a record that was published to its dead-letter topic. */
	synchronized void published(Throwable failure) {
		this.counts.merge(reasonOf(failure), 1L, Long::sum);
	}

	/** The counts so far, by reason. */
	synchronized Map<String, Long> counts() {
		return new TreeMap<>(this.counts);
	}

	/** Drops the counts a restarted step inherits from the execution before. */
	@Override
	public synchronized void open(ExecutionContext executionContext) {
		of(executionContext).keySet().forEach((reason) -> executionContext.remove(PREFIX + reason));
	}

	@Override
	public synchronized void update(ExecutionContext executionContext) {
		this.counts.forEach((reason, count) -> executionContext.putLong(PREFIX + reason, count));
	}

	/** Also keeps what the last, failed, chunk published: the step saves its context once more after this. */
	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		update(stepExecution.getExecutionContext());
		return null;
	}

}
