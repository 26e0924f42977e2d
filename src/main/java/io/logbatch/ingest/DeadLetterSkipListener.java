package io.logbatch.ingest;

import io.logbatch.deadletter.DeadLetterPublisher;
import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.SkipListener;

/**
 * Sends each skipped record to its dead-letter topic and hands the pending send to the
 * partition's {@link DeadLetterAcknowledgements}, which keeps the stored offset from passing
 * the record until the broker has acknowledged it, and counts it by reason. At most once, a record whose write failed is
 * logged and dropped instead. Thread-safe.
 */
class DeadLetterSkipListener implements SkipListener<PreparedRecord, ParsedRecord> {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterSkipListener.class);

	private final DeadLetterPublisher publisher;

	private final DeadLetterAcknowledgements counter;

	private final boolean dropWriteFailures;

	/** @param counter the current partition step's counter (a step-scoped proxy) */
	DeadLetterSkipListener(DeadLetterPublisher publisher, DeadLetterAcknowledgements counter, boolean dropWriteFailures) {
		this.publisher = publisher;
		this.counter = counter;
		this.dropWriteFailures = dropWriteFailures;
	}

	@Override
	public void onSkipInProcess(PreparedRecord record, Throwable failure) {
		publish(record.source(), failure);
	}

	/** A row PostgreSQL rejected goes out as a {@link RejectedRowException}: its SQLSTATE and message. */
	@Override
	public void onSkipInWrite(ParsedRecord item, Throwable failure) {
		ConsumerRecord<byte[], byte[]> record = item.source();
		Throwable reason = RejectedRowException.of(failure);
		if (this.dropWriteFailures) {
			logger.error("Dropped {}-{}@{} ({} events, the first {}), at-most-once delivery: {}", record.topic(),
					record.partition(), record.offset(), item.events().size(),
					item.events().isEmpty() ? "-" : item.events().get(0).eventId(), reason.toString());
		}
		else {
			publish(record, reason);
		}
	}

	private void publish(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
		this.counter.sent(record, failure, this.publisher.send(record, asException(failure)));
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception exception) ? exception : new IllegalStateException(failure);
	}

}
