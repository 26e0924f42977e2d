package io.logbatch.ingest;

import io.logbatch.parsing.LogEventParser;
import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a Kafka record into a log event; bad input throws
 * {@link io.logbatch.parsing.InvalidRecordException}, which the step skips to the DLT.
 * Thread-safe.
 */
class LogRecordProcessor implements ItemProcessor<ConsumerRecord<byte[], byte[]>, ParsedRecord> {

	private final LogEventParser parser;

	LogRecordProcessor(LogEventParser parser) {
		this.parser = parser;
	}

	@Override
	public ParsedRecord process(ConsumerRecord<byte[], byte[]> record) {
		return new ParsedRecord(record, this.parser.parse(record));
	}

}
