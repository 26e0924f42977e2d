package io.logbatch.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * One record of a dead-letter topic with Spring Kafka's {@code kafka_dlt-*} headers decoded:
 * where the record was when it failed, why, and how often it was redriven already.
 * Partition is a 4-byte big-endian int, offset and timestamp 8-byte big-endian longs, the
 * rest UTF-8, as {@code DeadLetterPublishingRecoverer} writes them. A header that is missing
 * or malformed decodes to null.
 *
 * @param record the dead-letter record itself: its key, value and headers are the failed
 * record's, byte for byte
 * @param origin where the record was when it failed; null if the headers do not say
 * @param timestamp the failed record's own timestamp
 * @param consumerGroup the group that read the failed record
 * @param exceptionClass the fully-qualified class of the failure
 * @param causeClass the fully-qualified class of the failure's cause
 * @param exceptionMessage the failure's message
 * @param redriveCount how often the record was redriven before it failed this time
 */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record, @Nullable Origin origin, @Nullable Instant timestamp,
		@Nullable String consumerGroup, @Nullable String exceptionClass, @Nullable String causeClass,
		@Nullable String exceptionMessage, int redriveCount) {

	/**
	 * The header a redriven record carries: how often it was redriven, a decimal number in
	 * UTF-8; absent means never.
	 */
	public static final String REDRIVE_COUNT_HEADER = "logbatch-redrive-count";

	/** Decodes the headers of a dead-letter record. */
	public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
		String topic = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
		Integer partition = intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION);
		Long offset = longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET);
		Long timestamp = longHeader(record, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
		Origin origin = (topic != null && partition != null && offset != null)
				? new Origin(topic, partition, offset) : null;
		return new DeadLetter(record, origin, (timestamp != null) ? Instant.ofEpochMilli(timestamp) : null,
				text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP), text(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
				text(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN), text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
				redriveCount(record));
	}

	/** Where this dead letter is, as {@code topic-partition@offset}. */
	public String coordinates() {
		return this.record.topic() + "-" + this.record.partition() + "@" + this.record.offset();
	}

	/** When the record was dead-lettered: the dead letter's own timestamp. */
	public Instant deadLetteredAt() {
		return Instant.ofEpochMilli(this.record.timestamp());
	}

	/**
	 * What identifies the failed record across the copies of it that the DLT may hold: its
	 * origin, else (a record logbatch did not dead-letter) the dead letter's own coordinates.
	 */
	public Object identity() {
		return (this.origin != null) ? this.origin : coordinates();
	}

	private static int redriveCount(ConsumerRecord<byte[], byte[]> record) {
		String count = text(record, REDRIVE_COUNT_HEADER);
		if (count == null) {
			return 0;
		}
		try {
			return Math.max(0, Integer.parseInt(count.strip()));
		}
		catch (NumberFormatException ex) {
			// Not written by logbatch: the next redrive replaces it with 1, so the limit still holds.
			return 0;
		}
	}

	private static @Nullable String text(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static @Nullable Integer intHeader(ConsumerRecord<byte[], byte[]> record, String name) {
		byte[] value = bytes(record, name, Integer.BYTES);
		return (value != null) ? ByteBuffer.wrap(value).getInt() : null;
	}

	private static @Nullable Long longHeader(ConsumerRecord<byte[], byte[]> record, String name) {
		byte[] value = bytes(record, name, Long.BYTES);
		return (value != null) ? ByteBuffer.wrap(value).getLong() : null;
	}

	private static byte @Nullable [] bytes(ConsumerRecord<byte[], byte[]> record, String name, int length) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null && header.value().length == length) ? header.value()
				: null;
	}

	/** Where a record was when it failed: the key that de-duplicates copies of its dead letter. */
	public record Origin(String topic, int partition, long offset) {

		@Override
		public String toString() {
			return this.topic + "-" + this.partition + "@" + this.offset;
		}

	}

}
