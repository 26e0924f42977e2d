package io.logbatch.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The destination resolver of the {@link DeadLetterPublishingRecoverer}: a dead letter goes to
 * {@code <topic><suffix>}, to the partition with the source record's number when the
 * dead-letter topic has it, else to the one Kafka's default partitioner picks for the
 * record's key (for a null key, the producer chooses). A partition that does not exist would
 * block the send for {@code max.block.ms} and fail the chunk, run after run.
 * <p>
 * A dead-letter topic that does not exist is created when first needed, with its source
 * topic's partition count and replication factor, so that partition numbers carry over; a
 * {@link TopicExistsException} means another step or process created it first, and its own
 * partition count is used. A refusal of the broker throws a {@link KafkaException} naming the
 * topic.
 * <p>
 * The recoverer checks partitions itself only when it is given a consumer, and then asks the
 * broker on every record; a partition step has no consumer it could share across threads, and
 * a topic's partition count does not change within a run. So the count is looked up once per
 * topic and cached, until {@link #forget} (after a failed send, in case the topic was deleted
 * or changed). Thread-safe: steps that need a topic at once wait for one look-up.
 * <p>
 * The look-up also loads the topic into the dead-letter producer's metadata, before any send
 * to it: a send that finds its topic missing asks the broker for metadata on the producer's
 * connection, where the answer waits behind every produce the broker has not answered yet, so
 * one slow acknowledgement would fail the next step's dead letter after {@code max.block.ms}
 * (CrashRecoveryIT's held dead letter did, when two steps sent their first ones at once). The
 * look-up's own metadata request takes the same connection: a topic looked up for the first
 * time while a produce to another one is unanswered still waits behind it.
 */
final class DeadLetterDestinations implements BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterDestinations.class);

	/** How long a topic that another process just created may stay invisible to this one. */
	private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

	private final Admin admin;

	private final String suffix;

	private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

	private final Map<String, Object> lookups = new ConcurrentHashMap<>();

	private final Consumer<String> producerMetadata;

	/**
	 * @param suffix appended to the source topic name
	 * @param producerMetadata loads a topic into the dead-letter producer's metadata, waiting
	 * for it
	 */
	DeadLetterDestinations(Admin admin, String suffix, Consumer<String> producerMetadata) {
		this.admin = admin;
		this.suffix = suffix;
		this.producerMetadata = producerMetadata;
	}

	/**
	 * The dead-letter topic and partition of a record; partition -1 lets the producer choose.
	 * @throws KafkaException if the dead-letter topic does not exist and cannot be created, or
	 * a topic cannot be described
	 */
	@Override
	public TopicPartition apply(ConsumerRecord<?, ?> record, Exception reason) {
		String topic = record.topic() + this.suffix;
		int partitions = partitionCount(topic, record.topic());
		if (record.partition() < partitions) {
			return new TopicPartition(topic, record.partition());
		}
		return new TopicPartition(topic,
				(record.key() instanceof byte[] key) ? BuiltInPartitioner.partitionForKey(key, partitions) : -1);
	}

	/** Forgets what is known of the dead-letter topic of a source topic: the next record looks again. */
	void forget(String sourceTopic) {
		this.partitionCounts.remove(sourceTopic + this.suffix);
	}

	private int partitionCount(String topic, String source) {
		Integer known = this.partitionCounts.get(topic);
		if (known != null) {
			return known;
		}
		synchronized (this.lookups.computeIfAbsent(topic, (name) -> new Object())) {
			known = this.partitionCounts.get(topic);
			if (known == null) {
				known = describe(topic).map((description) -> description.partitions().size())
					.orElseGet(() -> create(topic, source));
				this.producerMetadata.accept(topic);
				this.partitionCounts.put(topic, known);
			}
			return known;
		}
	}

	private int create(String topic, String source) {
		TopicDescription like = describe(source).orElseThrow(() -> new KafkaException(
				"Cannot create dead-letter topic '" + topic + "': its source topic '" + source + "' does not exist"));
		int partitions = like.partitions().size();
		short replicationFactor = (short) like.partitions().get(0).replicas().size();
		try {
			this.admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get();
			logger.info("Created dead-letter topic {} with {} partitions and replication factor {}, as {} has",
					topic, partitions, replicationFactor, source);
			return partitions;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				return awaitVisible(topic).partitions().size();
			}
			throw new KafkaException("Could not create dead-letter topic '" + topic + "' (" + partitions
					+ " partitions, replication factor " + replicationFactor + ", as " + source + " has): "
					+ ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted creating dead-letter topic '" + topic + "'", ex);
		}
	}

	/** A topic another process created a moment ago, once this client's broker knows it too. */
	private TopicDescription awaitVisible(String topic) {
		long deadline = System.nanoTime() + VISIBILITY_TIMEOUT.toNanos();
		Optional<TopicDescription> description = describe(topic);
		while (description.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new KafkaException("Interrupted describing topic '" + topic + "'", ex);
			}
			description = describe(topic);
		}
		return description.orElseThrow(() -> new KafkaException(
				"Dead-letter topic '" + topic + "' exists, the broker said, but could not be described"));
	}

	private Optional<TopicDescription> describe(String topic) {
		try {
			return Optional.of(this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw new KafkaException("Could not describe topic '" + topic + "': " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted describing topic '" + topic + "'", ex);
		}
	}

}
