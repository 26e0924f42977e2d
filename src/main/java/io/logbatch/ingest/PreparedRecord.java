package io.logbatch.ingest;

import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * A record read ahead of its chunk, with what parsing it gave: the event, or the failure that
 * the step's processor raises in its turn, so that skips and dead letters happen in the step
 * as for any processor failure.
 */
record PreparedRecord(ConsumerRecord<byte[], byte[]> source, @Nullable ParsedRecord parsed,
		@Nullable RuntimeException failure) {

	long offset() {
		return this.source.offset();
	}

	/** Bytes of the value, to bound how much is read ahead. */
	int size() {
		return (this.source.value() != null) ? this.source.value().length : 0;
	}

}
