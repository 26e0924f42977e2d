package io.logbatch.offsets;

/**
 * What holds a partition's stored offset back behind the records its committed chunks cover:
 * records whose handling goes on after their chunk commits, such as a dead letter whose
 * acknowledgement has not arrived yet. The stored offset never passes the first of them, so
 * that a failure or a crash before they are settled reads them again; a later chunk moves the
 * offset on once they are, and when the step ends without one (failed or stopped), the step's
 * end does, up to the first record that can no longer be settled.
 */
public interface OffsetHold {

	/** Holds nothing back. */
	OffsetHold NONE = new OffsetHold() {

		@Override
		public long firstUnsettled() {
			return Long.MAX_VALUE;
		}

		@Override
		public long firstUnsettledAtEnd() {
			return Long.MAX_VALUE;
		}

	};

	/**
	 * The offset of the first record not settled yet, else {@link Long#MAX_VALUE}. Called inside
	 * a chunk's transaction before its offset is stored.
	 * @throws RuntimeException if a record can no longer be settled, which fails the chunk
	 */
	long firstUnsettled();

	/**
	 * Waits for what is still being settled, then gives the offset of the first record that
	 * could not be (its handling failed, so the next run must read it again), else
	 * {@link Long#MAX_VALUE}. Called when the step ends, outside any chunk transaction; it
	 * does not throw.
	 */
	long firstUnsettledAtEnd();

}
