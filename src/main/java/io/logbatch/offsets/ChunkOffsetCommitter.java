package io.logbatch.offsets;

import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.common.TopicPartition;

import org.springframework.batch.core.listener.ChunkListener;
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
 * once that transaction has committed does the Kafka group get the same offset. At most
 * once, both commit before the chunk is processed, in a transaction of their own. Not
 * thread-safe: one instance per partition step.
 */
public class ChunkOffsetCommitter implements ItemStream, ChunkListener<Object, Object> {

	private final OffsetStore offsetStore;

	private final GroupOffsetCommitter groupCommitter;

	private final String groupId;

	private final TopicPartition partition;

	private final LongSupplier position;

	private final TransactionTemplate ownTransaction;

	private final boolean commitBeforeWrite;

	private long committed = -1;

	/**
	 * @param position the next offset after the last record read
	 * @param ownTransaction a {@code REQUIRES_NEW} template for commits before the write
	 * @param commitBeforeWrite true for at-most-once delivery
	 */
	public ChunkOffsetCommitter(OffsetStore offsetStore, GroupOffsetCommitter groupCommitter, String groupId,
			TopicPartition partition, LongSupplier position, TransactionTemplate ownTransaction,
			boolean commitBeforeWrite) {
		this.offsetStore = offsetStore;
		this.groupCommitter = groupCommitter;
		this.groupId = groupId;
		this.partition = partition;
		this.position = position;
		this.ownTransaction = ownTransaction;
		this.commitBeforeWrite = commitBeforeWrite;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.committed = this.position.getAsLong();
	}

	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		if (this.commitBeforeWrite) {
			this.ownTransaction.executeWithoutResult((status) -> commitPosition());
		}
	}

	@Override
	public void update(ExecutionContext executionContext) {
		commitPosition();
	}

	private void commitPosition() {
		long next = this.position.getAsLong();
		if (next <= this.committed) {
			return;
		}
		this.offsetStore.save(this.groupId, this.partition, next);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					committed(next);
				}
			});
		}
		else {
			committed(next);
		}
	}

	private void committed(long next) {
		this.committed = next;
		this.groupCommitter.commit(Map.of(this.partition, next));
	}

}
