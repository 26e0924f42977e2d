package io.logbatch.ingest;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * One partition step's count of events that were already stored. The writer reports each
 * chunk's duplicates; they join the total in {@link #update}, which the step calls inside
 * the chunk's transaction, so the count in the step's execution context commits with the
 * rows it counts and a rolled-back chunk counts nothing. Not thread-safe: one instance per
 * partition step.
 */
class DuplicateCounter implements ItemStream, ChunkListener<Object, Object> {

	private long total;

	private long pending;

	/** Counts duplicates found by a write of the current chunk. */
	void add(long duplicates) {
		this.pending += duplicates;
	}

	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		this.pending = 0;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		this.total += this.pending;
		this.pending = 0;
		executionContext.putLong(IngestSteps.DUPLICATES, this.total);
	}

}
