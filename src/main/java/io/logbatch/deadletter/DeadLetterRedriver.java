package io.logbatch.deadletter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.logbatch.deadletter.DeadLetter.Origin;
import io.logbatch.deadletter.DeadLetterConsumer.RecordHandler;
import io.logbatch.deadletter.Redrive.Outcome;
import io.logbatch.offsets.PartitionRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Republishes dead letters to the topics they failed in ({@code dlt redrive}), so that the
 * next run reads them again, once the cause of their failure is fixed.
 * <p>
 * A redrive reads each dead-letter partition from where the redrive group
 * ({@code <logbatch.group-id>-redrive}) got to, else from its first record, up to its end
 * captured at start. Each record republished is first claimed in the {@code dlt_redrive}
 * table by its origin, and the claim commits only after the broker acknowledged the publish:
 * however many copies the DLT holds, and however often redrive runs, a record is republished
 * once. A record redriven {@code logbatch.dlt.max-redrives} times stays. The group's offset
 * advances over each partition's prefix of records dealt with; a record the filters skip
 * stops it there, so that a later redrive without filters still finds it (and passes over
 * what this one republished, by the table). A dry run decides the same and changes nothing.
 * <p>
 * A kill after the broker acknowledged a publish and before the claim committed leaves the
 * record unclaimed, and the next redrive publishes it again; the run then counts the repeat
 * as a duplicate of the event it stored. Not thread-safe; redrives in separate processes
 * wait on each other's claims.
 */
public class DeadLetterRedriver {

	private final DeadLetterTopics topics;

	private final Function<String, DeadLetterConsumer> consumers;

	private final RedriveLedger ledger;

	private final RedrivePublisher publisher;

	private final String groupId;

	private final int maxRedrives;

	/**
	 * @param consumers opens a consumer in the given group
	 * @param groupId the redrive group, whose committed offsets say how far redrive got
	 */
	DeadLetterRedriver(DeadLetterTopics topics, Function<String, DeadLetterConsumer> consumers,
			RedriveLedger ledger, RedrivePublisher publisher, String groupId, int maxRedrives) {
		this.topics = topics;
		this.consumers = consumers;
		this.ledger = ledger;
		this.publisher = publisher;
		this.groupId = groupId;
		this.maxRedrives = maxRedrives;
	}

	/**
	 * Redrives the dead letters of one topic (a source topic or its DLT), or of every
	 * configured topic when it is null, that match the filter.
	 * @param listener told what happens to each dead letter read, as it happens
	 * @throws DeadLetterTopics.UnknownTopicException if a DLT, or a topic to redrive to, does
	 * not exist
	 */
	public RedriveSummary redrive(@Nullable String topic, DeadLetterFilter filter, boolean dryRun,
			Consumer<Redrive> listener) {
		List<TopicPartition> partitions = this.topics.partitions(topic);
		try (DeadLetterConsumer consumer = this.consumers.apply(this.groupId)) {
			Pass pass = new Pass(consumer, filter, dryRun, listener);
			consumer.read(consumer.rangesFromCommitted(partitions), pass);
			return pass.summary;
		}
	}

	/** One redrive over the captured ranges. */
	private final class Pass implements RecordHandler {

		private final DeadLetterConsumer consumer;

		private final DeadLetterFilter filter;

		private final boolean dryRun;

		private final Consumer<Redrive> listener;

		/** Partitions where a record was left for a later redrive: their offset stays. */
		private final Set<TopicPartition> held = new HashSet<>();

		private final Map<TopicPartition, Long> committed = new HashMap<>();

		/** What a dry run would have redriven, for the copies that follow. */
		private final Set<Origin> wouldRedrive = new HashSet<>();

		private RedriveSummary summary;

		Pass(DeadLetterConsumer consumer, DeadLetterFilter filter, boolean dryRun, Consumer<Redrive> listener) {
			this.consumer = consumer;
			this.filter = filter;
			this.dryRun = dryRun;
			this.listener = listener;
			this.summary = RedriveSummary.empty(dryRun, DeadLetterRedriver.this.maxRedrives);
		}

		@Override
		public void record(ConsumerRecord<byte[], byte[]> record) {
			Redrive redrive = decide(DeadLetter.of(record));
			this.summary = this.summary.plus(redrive.outcome());
			this.listener.accept(redrive);
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (redrive.outcome() == Outcome.NOT_MATCHING) {
				this.held.add(partition);
			}
			else {
				commit(partition, record.offset() + 1);
			}
		}

		@Override
		public void end(PartitionRange range) {
			// Offsets past the last record (transaction markers, compaction) are dealt with too.
			commit(range.partition(), range.endOffset());
		}

		private Redrive decide(DeadLetter deadLetter) {
			Origin origin = deadLetter.origin();
			if (!this.filter.matches(deadLetter)) {
				return new Redrive(deadLetter, Outcome.NOT_MATCHING, null);
			}
			if (origin == null) {
				return new Redrive(deadLetter, Outcome.NO_ORIGIN, null);
			}
			if (deadLetter.redriveCount() >= DeadLetterRedriver.this.maxRedrives) {
				return new Redrive(deadLetter, Outcome.AT_LIMIT, null);
			}
			if (this.dryRun) {
				boolean first = this.wouldRedrive.add(origin) && !DeadLetterRedriver.this.ledger.isRedriven(origin);
				return new Redrive(deadLetter, first ? Outcome.REDRIVEN : Outcome.ALREADY_REDRIVEN, null);
			}
			ProducerRecord<byte[], byte[]> republication = DeadLetterRedriver.this.publisher.republication(deadLetter,
					origin);
			RecordMetadata republished = DeadLetterRedriver.this.ledger.claimAndPublish(origin,
					deadLetter.redriveCount() + 1, () -> DeadLetterRedriver.this.publisher.publish(republication));
			return (republished != null) ? new Redrive(deadLetter, Outcome.REDRIVEN, republished)
					: new Redrive(deadLetter, Outcome.ALREADY_REDRIVEN, null);
		}

		private void commit(TopicPartition partition, long nextOffset) {
			if (this.dryRun || this.held.contains(partition)
					|| this.committed.getOrDefault(partition, -1L) >= nextOffset) {
				return;
			}
			this.consumer.commit(partition, nextOffset);
			this.committed.put(partition, nextOffset);
		}

	}

}
