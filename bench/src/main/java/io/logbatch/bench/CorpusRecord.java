package io.logbatch.bench;

/**
 * One record of a corpus, where the producer puts it.
 *
 * @param index its position in the corpus's records
 * @param partition the partition it is sent to
 * @param offset its offset in that partition, the producer sending in corpus order
 * @param kind what it is
 * @param value the record value
 * @param originals the events in it with an event id of their own
 * @param duplicates the events in it that repeat an earlier event
 */
record CorpusRecord(long index, int partition, long offset, Kind kind, byte[] value, int originals,
		int duplicates) {

	/** A record of one event, or a malformed one. */
	CorpusRecord(long index, int partition, long offset, Kind kind, byte[] value) {
		this(index, partition, offset, kind, value, (kind == Kind.ORIGINAL) ? 1 : 0, (kind == Kind.DUPLICATE) ? 1 : 0);
	}

	/** The events it carries; a malformed record stands for one. */
	int events() {
		return (this.kind == Kind.MALFORMED) ? 1 : this.originals + this.duplicates;
	}

	enum Kind {

		/** A valid log event with an event id of its own. */
		ORIGINAL,

		/** The same value as an earlier original, as an at-least-once producer resends it. */
		DUPLICATE,

		/** A record its format cannot read: in JSON, the first half of a log event. */
		MALFORMED,

		/** Several events in one record (an OTLP request), originals and duplicates among them. */
		BATCH

	}

}
