package io.logbatch.bench;

/**
 * One record of a corpus, where the producer puts it.
 *
 * @param index its position in the corpus
 * @param partition the partition it is sent to
 * @param offset its offset in that partition, the producer sending in corpus order
 * @param kind what it is
 * @param value the record value, UTF-8
 */
record CorpusRecord(long index, int partition, long offset, Kind kind, byte[] value) {

	enum Kind {

		/** A valid log event with an event id of its own. */
		ORIGINAL,

		/** The same value as an earlier original, as an at-least-once producer resends it. */
		DUPLICATE,

		/** The first half of a log event: not JSON. */
		MALFORMED

	}

}
