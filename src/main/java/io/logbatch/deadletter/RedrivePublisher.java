package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.logbatch.deadletter.DeadLetter.Origin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Republishes a dead letter to the topic it failed in: key, value and headers byte for byte,
 * except that Spring Kafka's {@code kafka_dlt-*} headers are dropped and
 * {@value DeadLetter#REDRIVE_COUNT_HEADER} is one higher. It goes to its original partition
 * when the topic still has it (else the partitioner chooses), with its original timestamp, so
 * that an event without a time of its own, or an older version in upsert mode, is stored as
 * it would have been the first time; unless that timestamp is so old that the topic's
 * {@code retention.ms} (or {@code message.timestamp.before.max.ms}) would leave less than a
 * day to read it: then it gets the current time, so the broker neither refuses it nor
 * deletes it first. Every send is awaited
 * (acks=all, idempotent producer). Thread-safe.
 */
class RedrivePublisher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedrivePublisher.class);

	private static final String DLT_HEADER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

	private final DefaultKafkaProducerFactory<byte[], byte[]> producerFactory;

	private final KafkaTemplate<byte[], byte[]> template;

	private final DeadLetterTopics topics;

	private final Duration sendTimeout;

	private final Map<String, Destination> destinations = new ConcurrentHashMap<>();

	/**
	 * @param producerFactory byte-array serializers, acks=all; closed with this publisher
	 * @param sendTimeout the longest wait for the broker's acknowledgement
	 */
	RedrivePublisher(DefaultKafkaProducerFactory<byte[], byte[]> producerFactory, DeadLetterTopics topics,
			Duration sendTimeout) {
		this.producerFactory = producerFactory;
		this.template = new KafkaTemplate<>(producerFactory);
		this.topics = topics;
		this.sendTimeout = sendTimeout;
	}

	/**
	 * The record that redriving a dead letter publishes.
	 * @throws DeadLetterTopics.UnknownTopicException if the original topic no longer exists
	 */
	ProducerRecord<byte[], byte[]> republication(DeadLetter deadLetter, Origin origin) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : deadLetter.record().headers()) {
			if (!header.key().startsWith(DLT_HEADER_PREFIX) && !header.key().equals(DeadLetter.REDRIVE_COUNT_HEADER)) {
				headers.add(header);
			}
		}
		headers.add(DeadLetter.REDRIVE_COUNT_HEADER,
				Integer.toString(deadLetter.redriveCount() + 1).getBytes(StandardCharsets.UTF_8));
		Destination destination = this.destinations.computeIfAbsent(origin.topic(),
				(topic) -> new Destination(this.topics.partitionCount(topic), this.topics.timestampWindow(topic)));
		Integer partition = (origin.partition() < destination.partitions()) ? origin.partition() : null;
		Instant original = deadLetter.timestamp();
		Long timestamp = (original != null && destination.keeps(original, Instant.now())) ? original.toEpochMilli()
				: null;
		if (original != null && timestamp == null) {
			logger.info("Redriving {} with the current time: its timestamp {} is too old for the retention of {}",
					deadLetter.coordinates(), original, origin.topic());
		}
		return new ProducerRecord<>(origin.topic(), partition, timestamp, deadLetter.record().key(),
				deadLetter.record().value(), headers);
	}

	/**
	 * Sends a record and waits for the broker's acknowledgement.
	 * @throws KafkaException if it was not acknowledged
	 */
	RecordMetadata publish(ProducerRecord<byte[], byte[]> record) {
		try {
			return this.template.send(record)
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.getRecordMetadata();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted redriving to " + record.topic(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new KafkaException("Could not redrive to " + record.topic() + ": " + cause, cause);
		}
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
	}

	/**
	 * A topic that records are redriven to.
	 *
	 * @param partitions how many partitions it has
	 * @param timestampWindow how old a timestamp it accepts and keeps; empty for any
	 */
	private record Destination(int partitions, Optional<Duration> timestampWindow) {

		/** Time enough for the next run, even of a daily schedule, to read a redriven record. */
		private static final Duration READING_TIME = Duration.ofDays(1);

		/**
		 * Whether a record with this timestamp is accepted and kept until a run reads it: the
		 * window leaves it a day (half the window, if that is shorter) before retention would
		 * delete it.
		 */
		boolean keeps(Instant timestamp, Instant now) {
			if (this.timestampWindow.isEmpty()) {
				return true;
			}
			Duration window = this.timestampWindow.get();
			Duration margin = (window.compareTo(READING_TIME.multipliedBy(2)) < 0) ? window.dividedBy(2) : READING_TIME;
			return timestamp.isAfter(now.minus(window).plus(margin));
		}

	}

}
