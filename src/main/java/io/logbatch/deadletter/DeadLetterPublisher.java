package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends a record that cannot be stored to {@code <topic><suffix>}, same partition when the
 * dead-letter topic has it, with key, value and headers byte for byte and Spring Kafka's
 * {@code kafka_dlt-*} headers, through Spring Kafka's own
 * {@link DeadLetterPublishingRecoverer}. Every send is awaited (acks=all on the template's
 * producer) and a failed send throws, so a chunk never commits past a record whose dead
 * letter is not stored. A record may be published twice when its chunk is retried after a
 * crash or rollback; readers of the DLT de-duplicate on the original coordinates.
 * Thread-safe.
 */
public class DeadLetterPublisher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final DefaultKafkaProducerFactory<byte[], byte[]> producerFactory;

	private final DeadLetterPublishingRecoverer recoverer;

	/**
	 * @param producerFactory byte-array key and value serializers, acks=all; closed with
	 * this publisher
	 * @param suffix appended to the source topic name
	 * @param groupId recorded in the original-consumer-group header
	 * @param sendTimeout the longest wait for the broker's acknowledgement
	 */
	public DeadLetterPublisher(DefaultKafkaProducerFactory<byte[], byte[]> producerFactory, String suffix,
			String groupId, Duration sendTimeout) {
		this.producerFactory = producerFactory;
		this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producerFactory),
				(record, exception) -> new TopicPartition(record.topic() + suffix, record.partition()));
		this.recoverer.setWaitForSendResultTimeout(sendTimeout);
		this.recoverer.setFailIfSendResultIsError(true);
		this.recoverer.setLogRecoveryRecord(false);
		byte[] group = groupId.getBytes(StandardCharsets.UTF_8);
		// Spring Kafka adds the group only for listener exceptions; a batch job names it itself.
		this.recoverer.addHeadersFunction((record, exception) -> new RecordHeaders()
			.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, group));
	}

	/**
	 * Publishes one record with the reason it could not be stored.
	 * @throws org.springframework.kafka.KafkaException if the dead letter was not acknowledged
	 */
	public void publish(ConsumerRecord<byte[], byte[]> record, Exception reason) {
		logger.debug("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				reason.getMessage());
		this.recoverer.accept(record, null, reason);
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
	}

}
