package io.logbatch.ingest;

import io.logbatch.parsing.ParsedRecord;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Hands on the event that the read-ahead parsed, or raises why the record could not become
 * one ({@link io.logbatch.parsing.InvalidRecordException} for bad input, which the step skips
 * to the DLT), in the step's own turn so that skips, retries and counts stay the step's.
 * Thread-safe.
 */
class LogRecordProcessor implements ItemProcessor<PreparedRecord, ParsedRecord> {

	@Override
	public ParsedRecord process(PreparedRecord record) {
		RuntimeException failure = record.failure();
		if (failure != null) {
			throw failure;
		}
		return record.parsed();
	}

}
