package io.logbatch.parsing;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A format whose every record is exactly one event: a JSON object, a logfmt, syslog or access log line.
 */
public interface SingleEventParser extends RecordParser {

	/**
	 * Parses one record.
	 * @param record a record with the raw value bytes; key and headers are ignored
	 * @return the normalized event
	 * @throws InvalidRecordException if the record can never become an event
	 */
	LogEvent parse(ConsumerRecord<byte[], byte[]> record);

	@Override
	default List<LogEvent> events(ConsumerRecord<byte[], byte[]> record) {
		return List.of(parse(record));
	}

}
