package io.logbatch.parsing;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One input format: turns one Kafka record into the {@link LogEvent}s it holds. Each format of
 * {@link InputFormat} is a class behind this interface, so that the partition step only chooses one per
 * topic and the rest of the job never learns which it was. Most formats hold one event per record
 * ({@link SingleEventParser}); an OpenTelemetry export request holds many.
 * <p>
 * Implementations are immutable and thread-safe: the read-ahead threads share one per partition step.
 */
public interface RecordParser {

	/**
	 * Parses one record.
	 * @param record a record with the raw value bytes; key and headers are ignored
	 * @return the normalized events, in the record's order; possibly none, never null
	 * @throws InvalidRecordException if the record can never become events: the whole record is
	 * dead-lettered
	 */
	List<LogEvent> events(ConsumerRecord<byte[], byte[]> record);

}
