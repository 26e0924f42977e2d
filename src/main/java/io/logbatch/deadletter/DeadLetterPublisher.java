package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;

/**
 * Sends a record that cannot be stored to {@code <topic><suffix>}, with key, value and
 * headers byte for byte and Spring Kafka's {@code kafka_dlt-*} headers, through Spring
 * Kafka's own {@link DeadLetterPublishingRecoverer} (acks=all on the template's producer).
 * Which partition, and the creation of a dead-letter topic that does not exist yet, are the
 * {@link DeadLetterDestinations}' business.
 * <p>
 * {@link #send} does not wait, so that dead letters travel while the work that sent them goes
 * on; {@link #await} then waits for the broker's acknowledgement and throws if there is none,
 * so a caller that stores an offset past a record only once its send is acknowledged never
 * stores one past a record whose dead letter is not stored. A record may be published twice when its chunk is retried after a
 * crash or rollback; readers of the DLT de-duplicate on the original coordinates.
 * Thread-safe.
 */
public class DeadLetterPublisher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final DefaultKafkaProducerFactory<byte[], byte[]> producerFactory;

	private final DeadLetterDestinations destinations;

	private final SendingRecoverer recoverer;

	private final Duration sendTimeout;

	/**
	 * @param producerFactory byte-array key and value serializers, acks=all; closed with
	 * this publisher
	 * @param destinations the topic and partition of each dead letter
	 * @param groupId recorded in the original-consumer-group header
	 * @param sendTimeout the longest wait for the broker's acknowledgement
	 */
	DeadLetterPublisher(DefaultKafkaProducerFactory<byte[], byte[]> producerFactory,
			DeadLetterDestinations destinations, String groupId, Duration sendTimeout) {
		this.producerFactory = producerFactory;
		this.destinations = destinations;
		this.sendTimeout = sendTimeout;
		this.recoverer = new SendingRecoverer(new KafkaTemplate<>(producerFactory), destinations);
		this.recoverer.setLogRecoveryRecord(false);
		byte[] group = groupId.getBytes(StandardCharsets.UTF_8);
		// Spring Kafka adds the group only for listener exceptions; a batch job names it itself.
		this.recoverer.addHeadersFunction((record, exception) -> new RecordHeaders()
			.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, group));
	}

	/**
	 * Sends one record with the reason it could not be stored, without waiting.
	 * @return completes when the broker has acknowledged the dead letter; pass it to
	 * {@link #await}
	 * @throws KafkaException if the record could not even be handed to the producer, or its
	 * dead-letter topic does not exist and cannot be created
	 */
	public CompletableFuture<?> send(ConsumerRecord<byte[], byte[]> record, Exception reason) {
		logger.debug("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				reason.getMessage());
		CompletableFuture<?> sent = this.recoverer.send(record, reason);
		// The topic may have been deleted or changed since it was looked up: look again next time.
		sent.whenComplete((result, failure) -> {
			if (failure != null) {
				this.destinations.forget(record.topic());
			}
		});
		return sent;
	}

	/**
	 * Waits for the acknowledgement of a dead letter {@link #send sent} earlier.
	 * @throws KafkaException if the broker did not acknowledge it within the send timeout
	 */
	public void await(CompletableFuture<?> sent, ConsumerRecord<?, ?> record) {
		try {
			sent.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException(failure(record), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException(failure(record), (ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	private static String failure(ConsumerRecord<?, ?> record) {
		return "Dead-letter publication failed for " + record.topic() + "-" + record.partition() + "@"
				+ record.offset();
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
	}

	/**
	 * Spring Kafka's recoverer builds the dead letter and sends it; it only waits for the
	 * result in {@link #verifySendResult}, which here hands the pending result to the caller.
	 */
	private static final class SendingRecoverer extends DeadLetterPublishingRecoverer {

		private final ThreadLocal<@Nullable CompletableFuture<?>> lastSend = new ThreadLocal<>();

		SendingRecoverer(KafkaOperations<byte[], byte[]> template, DeadLetterDestinations destinations) {
			super(template, destinations);
			setFailIfSendResultIsError(true);
		}

		CompletableFuture<?> send(ConsumerRecord<byte[], byte[]> record, Exception reason) {
			try {
				// Without a consumer: the destinations have checked the partition already.
				accept(record, null, reason);
				CompletableFuture<?> sent = this.lastSend.get();
				if (sent == null) {
					throw new KafkaException(failure(record));
				}
				return sent;
			}
			finally {
				this.lastSend.remove();
			}
		}

		@Override
		protected void verifySendResult(KafkaOperations<Object, Object> template,
				ProducerRecord<Object, Object> outRecord,
				@Nullable CompletableFuture<SendResult<Object, Object>> sendResult, ConsumerRecord<?, ?> inRecord) {
			this.lastSend.set(sendResult);
		}

	}

}
