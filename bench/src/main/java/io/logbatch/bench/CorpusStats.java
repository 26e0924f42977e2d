package io.logbatch.bench;

/**
 * The counts of a corpus.
 *
 * @param records all records
 * @param valueBytes the bytes of all record values
 * @param originals records with an event id of their own: the rows a correct load stores
 * @param originalBytes the bytes of their values
 * @param duplicates records that repeat an earlier event
 * @param malformed records that are not JSON: the dead letters a correct run publishes
 */
record CorpusStats(long records, long valueBytes, long originals, long originalBytes, long duplicates,
		long malformed) {

	/** Adds records up, in one thread. */
	static final class Counter {

		private long records;

		private long valueBytes;

		private long originals;

		private long originalBytes;

		private long duplicates;

		private long malformed;

		void add(CorpusRecord record) {
			this.records++;
			this.valueBytes += record.value().length;
			switch (record.kind()) {
				case ORIGINAL -> {
					this.originals++;
					this.originalBytes += record.value().length;
				}
				case DUPLICATE -> this.duplicates++;
				case MALFORMED -> this.malformed++;
			}
		}

		CorpusStats stats() {
			return new CorpusStats(this.records, this.valueBytes, this.originals, this.originalBytes,
					this.duplicates, this.malformed);
		}

	}

}
