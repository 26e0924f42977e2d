package io.logbatch.store;

import io.logbatch.parsing.ParsedRecord;

import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Told of each successful write of {@link LogEventWriter}, inside the chunk's transaction, so that what it
 * counts can commit with the rows.
 */
@FunctionalInterface
public interface ChunkWritten {

	/**
	 * @param chunk the records written
	 * @param events the events they held
	 * @param changed the rows those events inserted or replaced; the rest were duplicates
	 */
	void written(Chunk<? extends ParsedRecord> chunk, int events, int changed);

}
