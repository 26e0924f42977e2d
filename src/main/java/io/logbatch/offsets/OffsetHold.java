package io.logbatch.offsets;

/**
 * What holds a partition's stored offset back behind the records its committed chunks cover:
 * records whose handling goes on after their chunk commits, such as a dead letter whose
 * acknowledgement has not arrived yet. The stored offset never passes the first of them, so
 * that a failure or a crash before they are settled reads them again; a later chunk moves the
 * offset on once they are.
 */
@FunctionalInterface
public interface OffsetHold {

	/** Holds nothing back. */
	OffsetHold NONE = () -> Long.MAX_VALUE;

	/**
	 * The offset of the first record not settled yet, else {@link Long#MAX_VALUE}. Called inside
	 * a chunk's transaction before its offset is stored.
	 * @throws RuntimeException if a record can no longer be settled, which fails the chunk
	 */
	long firstUnsettled();

}
