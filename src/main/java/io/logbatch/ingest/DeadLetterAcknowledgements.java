package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import io.logbatch.deadletter.DeadLetterPublisher;
import io.logbatch.offsets.OffsetHold;
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
 * One partition step's dead letters: what holds the partition's stored offset back until the
 * broker has acknowledged them, and their counts by reason. A chunk does not wait for the
 * acknowledgements of its dead letters: its transaction stores as next offset the offset of
 * the first dead letter not acknowledged yet, if that comes before the chunk's end (see
 * {@link OffsetHold}), and a later chunk moves it on once the acknowledgement is in. The
 * step's last transaction, the one whose read found the end of the range, waits for every
 * acknowledgement, so a step completes with its offset at the end. A step that fails or stops
 * has no such transaction: its end waits for the acknowledgements instead, and
 * {@link #firstUnsettledAtEnd} lets the offset move on past the acknowledged ones. A send that
 * failed fails the chunk that finds it, and at the step's end keeps holding the offset at or
 * before its record, so that the restart reads the record again and sends it again: the
 * dead-letter topic gets it at least once, and never does an offset pass a dead letter the
 * broker has not stored.
 * <p>
 * The counts are by reason: the {@link InvalidRecordException} reason code
 * ({@code bad-timestamp}, ...), for a row PostgreSQL rejected {@code sqlstate-} and its
 * SQLSTATE ({@code sqlstate-23514}: PostgreSQL's own code says what to fix, where Spring's
 * class names split the same errors differently), or for any other failure the exception's
 * simple class name. They go into the step's execution context, one {@code long} per reason
 * under {@value #PREFIX}{@code <reason>}, which commits with each chunk and once more when the
 * step ends; {@link #of} reads them back.
 * <p>
 * It counts what was acknowledged, in this execution only, as the acknowledgements arrive.
 * Spring Batch may call the skip listener in a chunk transaction that then rolls back (before
 * it scans the chunk record by record); such a dead letter stays published and is counted, so
 * a count can include a record dead-lettered twice, as the topic itself can. Thread-safe; one
 * instance per partition step.
 */
class DeadLetterAcknowledgements implements OffsetHold, ItemStream, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterAcknowledgements.class);

	static final String PREFIX = "logbatch.dead-letters.";

	private final DeadLetterPublisher publisher;

	private final Map<String, Long> counts = new TreeMap<>();

	private final BooleanSupplier lastChunk;

	/** Sent and not acknowledged yet, as far as this step has looked. */
	private final List<Sent> pending = new ArrayList<>();

	/** The offset of the first dead letter whose send the step's end found failed, else {@link Long#MAX_VALUE}. */
	private long firstFailed = Long.MAX_VALUE;

	/**
	 * @param lastChunk whether the step's reader has found the end of its range: the chunk
	 * transaction in progress is the step's last
	 */
	DeadLetterAcknowledgements(DeadLetterPublisher publisher, BooleanSupplier lastChunk) {
		this.publisher = publisher;
		this.lastChunk = lastChunk;
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

	/** Notes a record sent to its dead-letter topic: the stored offset stops at it until it is acknowledged. */
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
	 * The offset of the first dead letter not acknowledged yet; in the step's last chunk, none,
	 * once every acknowledgement has arrived.
	 * @throws org.springframework.kafka.KafkaException if a dead letter was not acknowledged
	 */
	@Override
	public synchronized long firstUnsettled() {
		settle(this.lastChunk.getAsBoolean());
		long first = Long.MAX_VALUE;
		for (Sent sent : this.pending) {
			first = Math.min(first, sent.record().offset());
		}
		return first;
	}

	/**
	 * Counts the acknowledgements that have arrived (all of them, in the step's last chunk),
	 * then stores the counts.
	 * @throws org.springframework.kafka.KafkaException if a dead letter was not acknowledged
	 */
	@Override
	public synchronized void update(ExecutionContext executionContext) {
		settle(this.lastChunk.getAsBoolean());
		store(executionContext);
	}

	/**
	 * Counts and forgets the dead letters acknowledged so far, waiting for each one if asked.
	 * One whose send failed stays pending, and throws.
	 */
	private void settle(boolean waitForAll) {
		for (Iterator<Sent> sends = this.pending.iterator(); sends.hasNext();) {
			Sent sent = sends.next();
			if (waitForAll || sent.acknowledged().isDone()) {
				this.publisher.await(sent.acknowledged(), sent.record());
				this.counts.merge(sent.reason(), 1L, Long::sum);
				sends.remove();
			}
		}
	}

	/**
	 * Waits for every dead letter still pending and counts the acknowledged ones; the first
	 * whose send failed holds the offset for good.
	 */
	@Override
	public synchronized long firstUnsettledAtEnd() {
		settleAtEnd();
		return this.firstFailed;
	}

	/**
	 * Also counts what a failed or stopped step published since its last chunk: the step saves
	 * its context once more after this. Sends that were not acknowledged are left uncounted.
	 */
	@Override
	public synchronized @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		settleAtEnd();
		store(stepExecution.getExecutionContext());
		return null;
	}

	/**
	 * Awaits each pending dead letter once, whichever of {@link #afterStep} and
	 * {@link #firstUnsettledAtEnd} comes first: counted if acknowledged, else noted as failed.
	 */
	private void settleAtEnd() {
		for (Sent sent : this.pending) {
			try {
				this.publisher.await(sent.acknowledged(), sent.record());
				this.counts.merge(sent.reason(), 1L, Long::sum);
			}
			catch (RuntimeException ex) {
				this.firstFailed = Math.min(this.firstFailed, sent.record().offset());
				logger.debug("Dead letter not acknowledged by the step's end", ex);
			}
		}
		this.pending.clear();
	}

	private void store(ExecutionContext executionContext) {
		this.counts.forEach((reason, count) -> executionContext.putLong(PREFIX + reason, count));
	}

	private record Sent(ConsumerRecord<?, ?> record, String reason, CompletableFuture<?> acknowledged) {
	}

}
