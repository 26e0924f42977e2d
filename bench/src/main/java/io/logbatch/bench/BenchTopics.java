package io.logbatch.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * The benchmark's topics on its broker: a corpus topic with its dead-letter topic, loading a
 * corpus into it, and counting what a topic holds.
 */
final class BenchTopics {

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

	private final String bootstrapServers;

	BenchTopics(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Creates the topic and {@code <topic>-dlt}, with the same partitions, and waits until every
	 * partition has its leader.
	 */
	void create(String topic, int partitions) {
		List<String> names = List.of(topic, topic + "-dlt");
		withAdmin((admin) -> {
			admin.createTopics(names.stream().map((name) -> new NewTopic(name, partitions, (short) 1)).toList())
				.all()
				.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Awaitility.await().atMost(ADMIN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> admin
				.describeTopics(names)
				.allTopicNames()
				.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.values()
				.stream()
				.allMatch((description) -> description.partitions().size() == partitions
						&& description.partitions().stream().allMatch((partition) -> partition.leader() != null)));
			return null;
		});
	}

	/**
	 * Sends the corpus, record {@code i} to partition {@code i % partitions} without a key, after what
	 * the topic holds already, and returns once the broker has acknowledged every record (acks=all).
	 * <p>
	 * The producer is tuned for a bulk load: 256 KiB batches, 10 ms linger, 64 MiB of buffer, and
	 * no compression, so that the consumers under test decompress nothing. It keeps one request in
	 * flight, so a retried batch can never land behind a later one: each partition holds the corpus
	 * in corpus order, which the COPY-only load relies on for the offsets it stores. (With five in
	 * flight, a first batch that met a partition still being created was retried after later
	 * batches had been stored, and the broker refused it as out of sequence until it expired.)
	 * The topic's growth is checked afterwards: a topic that held records already may be loaded again.
	 * @return the counts of what was sent
	 */
	CorpusStats load(String topic, CorpusSource corpus) {
		long before = count(topic);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
				ProducerConfig.BUFFER_MEMORY_CONFIG, 67_108_864L, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		AtomicReference<Exception> failure = new AtomicReference<>();
		AtomicLong acknowledged = new AtomicLong();
		CorpusStats.Counter sent = new CorpusStats.Counter();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			corpus.forEach((record) -> {
				sent.add(record);
				producer.send(new ProducerRecord<>(topic, record.partition(), null, record.value()), (metadata, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
					else {
						acknowledged.incrementAndGet();
					}
				});
			});
			producer.flush();
		}
		CorpusStats stats = sent.stats();
		if (failure.get() != null || acknowledged.get() != stats.records()) {
			throw new IllegalStateException("The broker acknowledged " + acknowledged.get() + " of "
					+ stats.records() + " records of " + topic, failure.get());
		}
		long stored = count(topic) - before;
		if (stored != stats.records()) {
			throw new IllegalStateException(topic + " grew by " + stored + " records after sending "
					+ stats.records());
		}
		return stats;
	}

	/** How many records the topic holds: the sum of its partitions' end offsets. */
	long count(String topic) {
		return withAdmin((admin) -> {
			int partitions = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int partition = 0; partition < partitions; partition++) {
				latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
			return admin.listOffsets(latest)
				.all()
				.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		});
	}

	/** How many members of a consumer group hold at least one partition now; 0 before it exists. */
	int membersWithPartitions(String group) {
		return withAdmin((admin) -> {
			try {
				return (int) admin.describeConsumerGroups(List.of(group))
					.describedGroups()
					.get(group)
					.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
					.members()
					.stream()
					.filter((member) -> !member.assignment().topicPartitions().isEmpty())
					.count();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof GroupIdNotFoundException) {
					return 0;
				}
				throw ex;
			}
		});
	}

	private <T> T withAdmin(AdminCall<T> call) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			return call.apply(admin);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka admin request failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while talking to the broker", ex);
		}
	}

	@FunctionalInterface
	private interface AdminCall<T> {

		T apply(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;

	}

}
