package io.logbatch.parsing;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One input format: turns one Kafka record into one {@link LogEvent}. Each format of
 * {@link InputFormat} is a class behind this interface, so that the partition step only chooses one per
 * topic and the rest of the job never learns which it was.
 * <p>
 * Implementations are immutable and thread-safe: the read-ahead threads share one per partition step.
 */
public interface RecordParser {

	/**
	 * Parses one record.
	 * @param record a record with the raw value bytes; key and headers are ignored
	 * @return the normalized event
	 * @throws InvalidRecordException if the record can never become an event
	 */
	LogEvent parse(ConsumerRecord<byte[], byte[]> record);

}
