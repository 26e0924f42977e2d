package io.logbatch.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, records and offsets on the test broker, for arranging and checking tests. */
public final class Kafka {

	private static final AtomicInteger names = new AtomicInteger();

	private static volatile String target;

	private Kafka() {
	}

	/**
	 * Points these helpers at another broker until the returned handle is closed; tests run one
	 * at a time per JVM.
	 */
	public static AutoCloseable target(String bootstrapServers) {
		target = bootstrapServers;
		return () -> target = null;
	}

	/** The broker these helpers use: the test broker, unless {@link #target} says otherwise. */
	public static String bootstrapServers() {
		String current = target;
		return (current != null) ? current : TestInfrastructure.bootstrapServers();
	}

	/** A topic name no other test uses. */
	public static String uniqueTopic(String prefix) {
		return prefix + "-" + names.incrementAndGet() + "-" + System.nanoTime() % 100_000;
	}

	public static void createTopic(String name, int partitions) {
		withAdmin((admin) -> admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get());
	}

	/** Creates a source topic and its dead-letter topic with the same partitions. */
	public static void createTopicWithDeadLetterTopic(String name, int partitions) {
		createTopic(name, partitions);
		createTopic(name + "-dlt", partitions);
	}

	/** How many partitions a topic has; empty if it does not exist. */
	public static Optional<Integer> partitionCount(String topic) {
		return withAdmin((admin) -> {
			try {
				return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
					.partitions()
					.size());
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
					return Optional.empty();
				}
				throw ex;
			}
		});
	}

	public static void send(String topic, int partition, String key, String value, Header... headers) {
		send(topic, partition, (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null,
				(value != null) ? value.getBytes(StandardCharsets.UTF_8) : null, headers);
	}

	public static void send(String topic, int partition, byte[] key, byte[] value, Header... headers) {
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			producer.send(new ProducerRecord<>(topic, partition, key, value, List.of(headers))).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends many values to one partition in one producer session. */
	public static void sendAll(String topic, int partition, List<String> values) {
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
	}

	/** Sends valid log events {@code e-<from>} up to {@code e-<from + count - 1>} to one partition. */
	public static void sendEvents(String topic, int partition, int from, int count) {
		List<String> values = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			values.add("{\"event_id\":\"e-%d\",\"message\":\"m\"}".formatted(i));
		}
		sendAll(topic, partition, values);
	}

	public static KafkaProducer<byte[], byte[]> producer() {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	/** Every record of a topic, all partitions, from the beginning to the current end. */
	public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < end.get(tp))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end " + end);
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	/** The group's committed next offsets, by partition. */
	public static Map<TopicPartition, Long> committedOffsets(String groupId) {
		return withAdmin((admin) -> {
			Map<TopicPartition, Long> offsets = new HashMap<>();
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			committed.forEach((tp, offset) -> {
				if (offset != null) {
					offsets.put(tp, offset.offset());
				}
			});
			return offsets;
		});
	}

	/** Commits offsets for a group, as another consumer of it would have. */
	public static void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
		Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
		offsets.forEach((tp, offset) -> request.put(tp, new OffsetAndMetadata(offset)));
		withAdmin((admin) -> admin.alterConsumerGroupOffsets(groupId, request).all().get());
	}

	public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/** Members of a consumer group that hold at least one partition now; 0 if there is no group. */
	public static int membersWithPartitions(String groupId) {
		return withAdmin((admin) -> {
			try {
				return (int) admin.describeConsumerGroups(List.of(groupId))
					.describedGroups()
					.get(groupId)
					.get()
					.members()
					.stream()
					.filter((member) -> !member.assignment().topicPartitions().isEmpty())
					.count();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				if (ex.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
					return 0;
				}
				throw ex;
			}
		});
	}

	private static <T> T withAdmin(AdminCall<T> call) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers()))) {
			return call.apply(admin);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface AdminCall<T> {

		T apply(Admin admin) throws Exception;

	}

}
