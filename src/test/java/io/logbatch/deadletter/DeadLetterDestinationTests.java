package io.logbatch.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.logbatch.report.RunSummary;
import io.logbatch.support.BrokerTraps;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which partition of which dead-letter topic a dead letter goes to: the source record's
 * partition number when the DLT has it, else its key's; a DLT that does not exist is created
 * like its source, and a DLT the broker refuses to create fails the run, naming it.
 */
class DeadLetterDestinationTests {

	private static final String GOOD = """
			{"event_id":"%s","@timestamp":"2024-05-01T10:00:00Z","message":"fine"}""";

	/**
	 * Bounds how long a send to a partition or topic that does not exist blocks, so that a
	 * regression fails these tests in seconds rather than minutes.
	 */
	private static final String MAX_BLOCK = "spring.kafka.producer.properties.max.block.ms";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void sendsADeadLetterToItsKeysPartitionWhenTheDeadLetterTopicLacksItsOwn() throws Exception {
		// given a source of 3 partitions whose DLT has 1, bad records in partitions 0 and 2
		String topic = Kafka.uniqueTopic("narrow");
		Kafka.createTopic(topic, 3);
		Kafka.createTopic(topic + "-dlt", 1);
		Kafka.send(topic, 0, "k-good-0", GOOD.formatted("good-0"));
		Kafka.send(topic, 0, "k-bad-0", "not json");
		Kafka.send(topic, 1, "k-good-1", GOOD.formatted("good-1"));
		Kafka.send(topic, 2, "k-bad-2", "not json either");
		Kafka.send(topic, 2, "k-good-2", GOOD.formatted("good-2"));
		Logbatch logbatch = Logbatch.forTopics(topic).with(MAX_BLOCK, "3000");

		// when
		RunSummary summary = logbatch.run();

		// then every good record is stored and both bad ones are in the DLT, with their origin
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(3);
		assertThat(Database.eventCount()).isEqualTo(3);
		Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = DeadLetters.byKey(Kafka.readAll(topic + "-dlt"));
		assertThat(deadLetters).containsOnlyKeys("k-bad-0", "k-bad-2");
		assertThat(deadLetters.get("k-bad-0").partition()).isZero();
		assertThat(deadLetters.get("k-bad-2").partition()).isEqualTo(keyPartition("k-bad-2", 1));
		assertThat(originalPartition(deadLetters.get("k-bad-0"))).isZero();
		assertThat(originalPartition(deadLetters.get("k-bad-2"))).isEqualTo(2);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 2), 2L);
	}

	@Test
	void picksThePartitionKafkaPicksForTheKeyAndRedrivesToTheOriginalPartition() throws Exception {
		// given a source of 4 partitions whose DLT has 2, and a bad record in partition 3 whose
		// key Kafka's partitioner puts elsewhere than 3 modulo 2
		String topic = Kafka.uniqueTopic("keyed");
		Kafka.createTopic(topic, 4);
		Kafka.createTopic(topic + "-dlt", 2);
		String key = keyOfPartition(0, 2);
		Kafka.send(topic, 1, "k-bad-1", "not json");
		Kafka.send(topic, 3, key, "not json either");
		Kafka.send(topic, 3, "k-good-3", GOOD.formatted("good-3"));
		Kafka.send(topic, 2, (String) null, "not json, and no key");
		Logbatch logbatch = Logbatch.forTopics(topic).with(MAX_BLOCK, "3000");

		// when
		RunSummary summary = logbatch.run();

		// then the record without a key goes wherever the producer puts it
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(Database.eventCount()).isEqualTo(1);
		List<ConsumerRecord<byte[], byte[]>> all = Kafka.readAll(topic + "-dlt");
		assertThat(all).filteredOn((deadLetter) -> deadLetter.key() == null)
			.singleElement()
			.satisfies((deadLetter) -> assertThat(originalPartition(deadLetter)).isEqualTo(2));
		Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = DeadLetters.byKey(
				all.stream().filter((deadLetter) -> deadLetter.key() != null).toList());
		assertThat(deadLetters).containsOnlyKeys("k-bad-1", key);
		assertThat(deadLetters.get("k-bad-1").partition()).isEqualTo(1);
		assertThat(deadLetters.get(key).partition()).isZero();
		assertThat(originalPartition(deadLetters.get(key))).isEqualTo(3);

		// when the operator looks and redrives
		CliResult inspect = logbatch.cli("dlt", "inspect");
		CliResult redrive = logbatch.cli("dlt", "redrive");

		// then both read the original coordinates, and the record goes back where it was
		String at = topic + "-dlt-0@" + deadLetters.get(key).offset();
		assertThat(inspect.out()).containsPattern(at + "\\s+" + topic + "-3@0\\s");
		assertThat(redrive.exitCode()).as(redrive.err()).isZero();
		assertThat(redrive.out()).contains("moved  " + at + "  " + topic + "-3@0 -> " + topic + "-3@2");
		assertThat(Kafka.readAll(topic)).filteredOn((record) -> record.offset() == 2 && record.partition() == 3)
			.extracting((record) -> new String(record.key(), StandardCharsets.UTF_8))
			.containsExactly(key);
	}

	@Test
	void createsAMissingDeadLetterTopicLikeItsSourceAndKeepsThePartitionNumbers() throws Exception {
		// given a source of 3 partitions without a DLT, bad records in each, read concurrently
		String topic = Kafka.uniqueTopic("nodlt");
		Kafka.createTopic(topic, 3);
		for (int partition = 0; partition < 3; partition++) {
			Kafka.send(topic, partition, "k-good-" + partition, GOOD.formatted("good-" + partition));
			Kafka.send(topic, partition, "k-bad-" + partition, "not json");
		}
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.concurrency", "3").with(MAX_BLOCK, "3000");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.deadLettered()).isEqualTo(3);
		assertThat(Kafka.partitionCount(topic + "-dlt")).contains(3);
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(deadLetters).hasSize(3)
			.allSatisfy((deadLetter) -> assertThat(deadLetter.partition()).isEqualTo(originalPartition(deadLetter)));
	}

	@Test
	void failsTheRunNamingTheDeadLetterTopicWhenTheBrokerRefusesToCreateItThenDeliversEverythingOnceItCan()
			throws Exception {
		// given a source without a DLT, which the broker refuses to create
		String topic = Kafka.uniqueTopic("refused");
		Kafka.createTopic(topic, 1);
		Kafka.send(topic, 0, "k1", GOOD.formatted("before"));
		Kafka.send(topic, 0, "k2", "garbage");
		Kafka.send(topic, 0, "k3", GOOD.formatted("after"));
		Logbatch logbatch = Logbatch.forTopics(topic);
		CliResult failed;
		long started = System.nanoTime();
		try (AutoCloseable refusal = BrokerTraps.refuseCreationOf(topic + "-dlt")) {

			// when
			failed = logbatch.cli("run");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// then it fails soon, saying which topic, and commits nothing of the chunk
		assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
		assertThat(failed.out()).contains("FAILED").contains("'" + topic + "-dlt'");
		assertThat(took).isLessThan(Duration.ofSeconds(25));
		assertThat(Kafka.partitionCount(topic + "-dlt")).isEmpty();
		assertThat(Database.eventCount()).isZero();
		assertThat(Database.storedOffsets(logbatch.groupId())).isEmpty();
		assertThat(Kafka.committedOffsets(logbatch.groupId())).isEmpty();

		// when the broker lets it be created and the job runs again
		RunSummary next = logbatch.run();

		// then
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(Database.eventCount()).isEqualTo(2);
		assertThat(DeadLetters.byKey(Kafka.readAll(topic + "-dlt"))).containsOnlyKeys("k2");
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 3L);
	}

	@Test
	void createsAMissingDeadLetterTopicOnceWhenSeveralProcessesAndStepsNeedItAtOnce() throws Exception {
		// given a source of 3 partitions without a DLT, and three processes of two steps each
		String topic = Kafka.uniqueTopic("race");
		Kafka.createTopic(topic, 3);
		List<Admin> admins = new ArrayList<>();
		List<Callable<TopicPartition>> steps = new ArrayList<>();
		CyclicBarrier start = new CyclicBarrier(6);
		for (int process = 0; process < 3; process++) {
			Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()));
			admins.add(admin);
			DeadLetterDestinations destinations = new DeadLetterDestinations(admin, "-dlt", (name) -> {
			});
			for (int step = 0; step < 2; step++) {
				ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 2, step, null, new byte[0]);
				steps.add(() -> {
					start.await(10, TimeUnit.SECONDS);
					return destinations.apply(record, new IllegalStateException("bad"));
				});
			}
		}
		ExecutorService threads = Executors.newFixedThreadPool(steps.size());
		try {

			// when
			List<Future<TopicPartition>> resolved = threads.invokeAll(steps, 30, TimeUnit.SECONDS);

			// then each resolved the same partition, none failed, and the topic is its source's like
			for (Future<TopicPartition> destination : resolved) {
				assertThat(destination.get()).isEqualTo(new TopicPartition(topic + "-dlt", 2));
			}
			assertThat(Kafka.partitionCount(topic + "-dlt")).contains(3);
		}
		finally {
			threads.shutdownNow();
			admins.forEach(Admin::close);
		}
	}

	/** The partition Kafka's default partitioner picks for a key among this many. */
	private static int keyPartition(String key, int partitions) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	/** A key that Kafka's default partitioner puts in this partition of that many. */
	private static String keyOfPartition(int partition, int partitions) {
		for (int i = 0;; i++) {
			String key = "k-bad-3-" + i;
			if (keyPartition(key, partitions) == partition) {
				return key;
			}
		}
	}

	private static int originalPartition(ConsumerRecord<byte[], byte[]> deadLetter) {
		return ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt();
	}
}
