package io.logbatch.processing;

import java.util.function.Function;

import io.logbatch.parsing.ParsedRecord;
import io.logbatch.parsing.RecordParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What becomes of one record before it is written: its topic's parser, then the processing rules. The job's
 * read-ahead threads and the {@code parse} command both run records through this one function, so that
 * {@code parse} prints what a run would store. Immutable and thread-safe when the parser and the rules are.
 *
 * @param parser the parser of the record's topic
 * @param rules the processing rules
 */
public record RecordPipeline(RecordParser parser, EventRules rules)
		implements Function<ConsumerRecord<byte[], byte[]>, ParsedRecord> {

	/**
	 * The events of a record after the rules, and what they dropped.
	 * @throws io.logbatch.parsing.InvalidRecordException if the record can never become events
	 */
	@Override
	public ParsedRecord apply(ConsumerRecord<byte[], byte[]> record) {
		return this.rules.apply(new ParsedRecord(record, this.parser.events(record)));
	}

}
