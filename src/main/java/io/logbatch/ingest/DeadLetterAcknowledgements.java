package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.logbatch.deadletter.DeadLetterPublisher;
import io.logbatch.parsing.InvalidRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * One partition step's dead letters: the sends of a chunk are awaited together before the
 * chunk commits (its {@link #update} runs in the chunk's transaction, and a send that was not
 * acknowledged fails it), and then counted by reason: the {@link InvalidRecordException}
 * reason code ({@code bad-timestamp}, ...), for a row PostgreSQL rejected {@code sqlstate-}
 * and its SQLSTATE ({@code sqlstate-23514}: PostgreSQL's own code says what to fix, where
 * Spring's class names split the same errors differently), or for any other failure the
 * exception's simple class name. The counts go into the step's execution
 * context, one {@code long} per reason under {@value #PREFIX}{@code <reason>}, which commits
 * with each chunk and once more when the step ends; {@link #of} reads them back.
 * <p>
 * It counts what was acknowledged, in this execution only. Spring Batch may call the skip
 * listener in a chunk transaction that then rolls back (before it scans the chunk record by
 * record); such a dead letter stays published and is counted, so a count can include a
 * record dead-lettered twice, as the topic itself can. Thread-safe; one instance per
 * partition step.
 */
class DeadLetterAcknowledgements implements ItemStream, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterAcknowledgements.class);

	static final String PREFIX = "logbatch.dead-letters.";

	private final DeadLetterPublisher publisher;

	private final Map<String, Long> counts = new TreeMap<>();

	private final List<Sent> pending = new ArrayList<>();

	DeadLetterAcknowledgements(DeadLetterPublisher publisher) {
		this.publisher = publisher;
	}

	/** The reason a failure is counted under. */
	static String reasonOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidRecordException invalid) {
				return invalid.reason().code();
			}
			if (cause instanceof RejectedRowException rejected) {
				return rejected.reason();
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

	/** Notes a record sent to its dead-letter topic, to be awaited before the chunk commits. */
	synchronized void sent(ConsumerRecord<?, ?> record, Throwable failure, CompletableFuture<?> acknowledged) {
		this.pending.add(new Sent(record, reasonOf(failure), acknowledged));
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

	/**
	 * Awaits the chunk's dead letters, then stores the counts.
	 * @throws org.springframework.kafka.KafkaException if one was not acknowledged
	 */
	@Override
	public synchronized void update(ExecutionContext executionContext) {
		try {
			for (Sent sent : this.pending) {
				this.publisher.await(sent.acknowledged(), sent.record());
				this.counts.merge(sent.reason(), 1L, Long::sum);
			}
		}
		finally {
			this.pending.clear();
		}
		store(executionContext);
	}

	/**
	 * Also keeps what the last, failed, chunk published: the step saves its context once more
	 * after this. Sends of that chunk that were not acknowledged are left uncounted.
	 */
	@Override
	public synchronized @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		for (Sent sent : this.pending) {
			try {
				this.publisher.await(sent.acknowledged(), sent.record());
				this.counts.merge(sent.reason(), 1L, Long::sum);
			}
			catch (RuntimeException ex) {
				logger.debug("Dead letter of a failed chunk not acknowledged", ex);
			}
		}
		this.pending.clear();
		store(stepExecution.getExecutionContext());
		return null;
	}

	private void store(ExecutionContext executionContext) {
		this.counts.forEach((reason, count) -> executionContext.putLong(PREFIX + reason, count));
	}

	private record Sent(ConsumerRecord<?, ?> record, String reason, CompletableFuture<?> acknowledged) {
	}

}
