package io.logbatch.bench;

/**
 * The counts of a corpus.
 *
 * @param records all records
 * @param events the events of all records, a malformed record counting as one; as many as records unless
 * a record holds several (OTLP)
 * @param valueBytes the bytes of all record values
 * @param originals events with an event id of their own: the rows a correct load stores
 * @param originalBytes the bytes of the values of records holding one original event alone
 * @param duplicates events that repeat an earlier event
 * @param malformed records that their format cannot read: the dead letters a correct run publishes
 */
record CorpusStats(long records, long events, long valueBytes, long originals, long originalBytes, long duplicates,
		long malformed) {

	/**
	 * These counts where processing rules drop some original events: a correct load stores only the
	 * others.
	 */
	CorpusStats withDroppedOriginals(long dropped) {
		return new CorpusStats(this.records, this.events, this.valueBytes, this.originals - dropped,
				this.originalBytes, this.duplicates, this.malformed);
	}

	/** Adds records up, in one thread. */
	static final class Counter {

		private long records;

		private long events;

		private long valueBytes;

		private long originals;

		private long originalBytes;

		private long duplicates;

		private long malformed;

		void add(CorpusRecord record) {
			this.records++;
			this.events += record.events();
			this.valueBytes += record.value().length;
			this.originals += record.originals();
			this.duplicates += record.duplicates();
			switch (record.kind()) {
				case ORIGINAL -> this.originalBytes += record.value().length;
				case MALFORMED -> this.malformed++;
				case DUPLICATE, BATCH -> {
				}
			}
		}

		CorpusStats stats() {
			return new CorpusStats(this.records, this.events, this.valueBytes, this.originals, this.originalBytes,
					this.duplicates, this.malformed);
		}

	}

}
