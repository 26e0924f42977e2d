package io.logbatch.parsing;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A log event with the Kafka record it came from, kept so that a write that fails for good
 * can still dead-letter the original bytes.
 */
public record ParsedRecord(ConsumerRecord<byte[], byte[]> source, LogEvent event) {
}
