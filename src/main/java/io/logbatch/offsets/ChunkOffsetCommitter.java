package io.logbatch.offsets;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits one partition's next offset per chunk. At least once (the default), the offset is
 * written to {@code consumer_offset} from {@link #update}, which the chunk-oriented step calls
 * inside the chunk's transaction after the write, so rows and offset commit together; only
 * once that transaction has committed does the Kafka group get the same offset, without the
 * next chunk waiting for it; the step's end waits for the last one. The offset stops short at
 * the first record that the {@link OffsetHold} says is not settled (a dead letter not yet
 * acknowledged), and a later chunk moves it on. A step that fails or stops has no later chunk:
 * its end, once the hold has settled what it can, moves the offset on in a transaction of its
 * own, up to what the step's committed transactions covered but never past a record the hold
 * could not settle (a dead letter whose send failed). At most once, both commit before the
 * chunk is processed, in a transaction of their own.
 * <p>
 * The step's execution context holds the same offset under {@value #STORED_OFFSET_KEY}: put
 * there within the transaction that stores it, and taken back if that transaction does not
 * commit, so what the step saves of it is what {@code consumer_offset} held for the
 * partition when this step last committed. Unlike the table, which the group's next run
 * moves on, it stays what this step execution reached. Not thread-safe: one instance per
 * partition step.
 */
public class ChunkOffsetCommitter implements ItemStream, ChunkListener<Object, Object>, StepExecutionListener {

	/** The step execution context key of the next offset this step has stored. */
	public static final String STORED_OFFSET_KEY = "logbatch.stored-offset";

	private static final Logger logger = LoggerFactory.getLogger(ChunkOffsetCommitter.class);

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

	private final OffsetStore offsetStore;

	private final GroupOffsetCommitter groupCommitter;

	private final String groupId;

	private final TopicPartition partition;

	private final @Nullable String topicId;

	private final LongSupplier position;

	private final LongSupplier lastRead;

	private final ToLongFunction<Object> offsetOf;

	private final OffsetHold hold;

	private final TransactionTemplate ownTransaction;

	private final boolean commitBeforeWrite;

	private long committed = -1;

	/** The next offset after the records of the current transaction; -1 before its chunk starts. */
	private long covered = -1;

	/**
	 * The next offset after the records of the step's committed transactions, where the hold
	 * kept the stored offset behind it; the step's end moves the offset on to it.
	 */
	private long reached = -1;

	private @Nullable ExecutionContext stepContext;

	/**
	 * @param topicId the id of the topic read, stored with its offsets; null if unknown
	 * @param position the next offset after the last record read
	 * @param lastRead the offset of the last record read, -1 before the first
	 * @param offsetOf the Kafka offset of an item the step read
	 * @param hold the records the stored offset may not pass yet
	 * @param ownTransaction a {@code REQUIRES_NEW} template for commits before the write
	 * @param commitBeforeWrite true for at-most-once delivery
	 */
	public ChunkOffsetCommitter(OffsetStore offsetStore, GroupOffsetCommitter groupCommitter, String groupId,
			TopicPartition partition, @Nullable String topicId, LongSupplier position, LongSupplier lastRead,
			ToLongFunction<Object> offsetOf, OffsetHold hold, TransactionTemplate ownTransaction,
			boolean commitBeforeWrite) {
		this.offsetStore = offsetStore;
		this.groupCommitter = groupCommitter;
		this.groupId = groupId;
		this.partition = partition;
		this.topicId = topicId;
		this.position = position;
		this.lastRead = lastRead;
		this.offsetOf = offsetOf;
		this.hold = hold;
		this.ownTransaction = ownTransaction;
		this.commitBeforeWrite = commitBeforeWrite;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.stepContext = executionContext;
		this.committed = this.position.getAsLong();
		note(this.committed);
		// Group commits are throttled and in the background, so a crashed run may have left
		// the group behind the database; the run starts by bringing it level.
		if (this.committed > 0) {
			this.groupCommitter.commit(this.partition, this.committed);
		}
	}

	/**
	 * Notes the records that this chunk transaction covers: the whole chunk, or, while Spring
	 * Batch scans a failed chunk record by record, one transaction per record. The offset
	 * committed with that transaction then ends after its own last record, not after the
	 * chunk, so that a scan that fails or dies part way loses none of the records after it.
	 */
	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		if (this.commitBeforeWrite) {
			this.ownTransaction.executeWithoutResult((status) -> commitUpTo(this.position.getAsLong()));
			return;
		}
		List<Object> items = chunk.getItems();
		if (!items.isEmpty()) {
			long last = this.offsetOf.applyAsLong(items.get(items.size() - 1));
			if (last != this.lastRead.getAsLong()) {
				this.covered = last + 1;
			}
		}
	}

	@Override
	public void update(ExecutionContext executionContext) {
		// Up to the reader's position when the transaction ends with the last record read,
		// which also covers offsets without a record (markers, compaction) after it.
		long next = (this.covered >= 0) ? this.covered : this.position.getAsLong();
		this.covered = -1;
		long held = Math.min(next, this.hold.firstUnsettled());
		if (held < next) {
			whenCommitted(() -> this.reached = Math.max(this.reached, next));
		}
		commitUpTo(held);
	}

	/**
	 * Moves the offset on past what the hold settled since the step's last committed
	 * transaction, when no later chunk did: the step failed or stopped. Spring Batch calls this
	 * after the last chunk and before it saves the step's context for the last time (then closes
	 * the streams), so the saved context has the offset stored here. If it cannot be stored,
	 * it stays where it is: the restart reads those records again.
	 */
	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		if (this.commitBeforeWrite || this.reached <= this.committed) {
			return null;
		}
		long next = Math.min(this.reached, this.hold.firstUnsettledAtEnd());
		if (next <= this.committed) {
			return null;
		}
		try {
			this.ownTransaction.executeWithoutResult((status) -> commitUpTo(next));
		}
		catch (RuntimeException ex) {
			logger.warn("The next offset {} of {} was not stored at the step's end, {} stays: {}", next,
					this.partition, this.committed, ex.toString());
		}
		return null;
	}

	private static void whenCommitted(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

	private void commitUpTo(long next) {
		if (next <= this.committed) {
			return;
		}
		this.offsetStore.save(this.groupId, this.partition, next, this.topicId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// at least once, the step saves its context in this transaction, right after update()
			note(next);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					committed(next);
				}

				@Override
				public void afterCompletion(int status) {
					if (status != STATUS_COMMITTED) {
						note(ChunkOffsetCommitter.this.committed);
					}
				}
			});
		}
		else {
			committed(next);
		}
	}

	private void committed(long next) {
		this.committed = next;
		note(next);
		this.groupCommitter.commit(this.partition, next);
	}

	private void note(long stored) {
		if (this.stepContext != null) {
			this.stepContext.putLong(STORED_OFFSET_KEY, stored);
		}
	}

	/** Lets the group's offset catch up with the database before the partition step ends. */
	@Override
	public void close() {
		if (!this.groupCommitter.flush(this.partition, FLUSH_TIMEOUT)) {
			logger.warn("The group's offset of {} was not committed to Kafka within {}; the database holds it and "
					+ "the next run commits it", this.partition, FLUSH_TIMEOUT);
		}
	}

}
