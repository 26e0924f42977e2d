package io.logbatch.ingest;

import io.logbatch.deadletter.DeadLetterPublisher;
import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.SkipListener;

/**
 * Sends each skipped record to its dead-letter topic, awaiting the broker, so that a chunk
 * commits its offsets only after its dead letters are stored. At most once, a record whose
 * write failed is logged and dropped instead. Thread-safe.
 */
class DeadLetterSkipListener implements SkipListener<ConsumerRecord<byte[], byte[]>, ParsedRecord> {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterSkipListener.class);

	private final DeadLetterPublisher publisher;

	private final boolean dropWriteFailures;

	DeadLetterSkipListener(DeadLetterPublisher publisher, boolean dropWriteFailures) {
		this.publisher = publisher;
		this.dropWriteFailures = dropWriteFailures;
	}

	@Override
	public void onSkipInProcess(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
		this.publisher.publish(record, asException(failure));
	}

	@Override
	public void onSkipInWrite(ParsedRecord item, Throwable failure) {
		ConsumerRecord<byte[], byte[]> record = item.source();
		if (this.dropWriteFailures) {
			logger.error("Dropped {}-{}@{} (event {}), at-most-once delivery: {}", record.topic(), record.partition(),
					record.offset(), item.event().eventId(), failure.toString());
		}
		else {
			this.publisher.publish(record, asException(failure));
		}
	}

	private static Exception asException(Throwable failure) {
		return (failure instanceof Exception exception) ? exception : new IllegalStateException(failure);
	}

}
