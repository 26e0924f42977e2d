package io.logbatch.support;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault tests' input and SPEC's guarantees about it: two partitions of 32 records each,
 * read in chunks of 10, holding 61 valid events and 3 bad records (partition 0 offsets 5 and
 * 15, partition 1 offset 25). Event ids name their partition and offset: {@code p0-24}.
 */
public final class GuaranteeScenario implements AutoCloseable {

	private static final Set<List<Long>> BAD = Set.of(List.of(0L, 5L), List.of(0L, 15L), List.of(1L, 25L));

	private static final int RECORDS_PER_PARTITION = 32;

	private final String topic;

	private final Logbatch logbatch;

	private final List<LogbatchProcess> processes = new ArrayList<>();

	/** Creates the topic and its DLT on the broker {@link Kafka} targets, and produces the records. */
	public GuaranteeScenario(String topic) {
		this.topic = topic;
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		for (int partition = 0; partition < 2; partition++) {
			List<String> values = new ArrayList<>();
			for (int offset = 0; offset < RECORDS_PER_PARTITION; offset++) {
				values.add(isBad(partition, offset) ? "not json " + offset
						: "{\"event_id\":\"p%d-%d\",\"message\":\"m\"}".formatted(partition, offset));
			}
			Kafka.sendAll(topic, partition, values);
		}
		this.logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10").with("logbatch.concurrency", "2");
	}

	public Logbatch logbatch() {
		return this.logbatch;
	}

	/**
	 * The packaged application on this scenario, in a child process that {@link #close} ends: the
	 * distribution's extracted jar from its class-data archive, since fault tests start it many times.
	 */
	public LogbatchProcess start(String... commandAndArgs) {
		LogbatchProcess process = this.logbatch.processFromArchive(commandAndArgs);
		this.processes.add(process);
		return process;
	}

	/** Prints the output of every process it started, for the test report. */
	public void printOutputs() {
		for (LogbatchProcess process : this.processes) {
			System.out.println("==== output of logbatch process " + process.pid() + " ====");
			System.out.println(process.output());
		}
	}

	/** Kills what is still running of the processes it started, and removes injected faults. */
	@Override
	public void close() throws Exception {
		Faults.clear();
		for (LogbatchProcess process : this.processes) {
			process.close();
		}
	}

	public String topic() {
		return this.topic;
	}

	public String deadLetterTopic() {
		return this.topic + "-dlt";
	}

	/**
	 * Every valid event stored exactly once and counted once in the rollups, every bad record
	 * dead-lettered at least once, and the offsets in PostgreSQL and Kafka at the end of both
	 * partitions.
	 */
	public void assertStoredExactlyOnce() {
		Set<String> expected = new HashSet<>();
		for (int partition = 0; partition < 2; partition++) {
			for (int offset = 0; offset < RECORDS_PER_PARTITION; offset++) {
				if (!isBad(partition, offset)) {
					expected.add("p" + partition + "-" + offset);
				}
			}
		}
		List<String> stored = Database.jdbc()
			.queryForList("SELECT event_id FROM log_event WHERE source_topic = ?", String.class, this.topic);
		assertThat(stored).hasSize(expected.size());
		assertThat(new HashSet<>(stored)).isEqualTo(expected);
		assertThat(Database.rollupDifferences()).isEmpty();
		Set<List<Long>> deadLettered = new HashSet<>();
		for (ConsumerRecord<byte[], byte[]> record : Kafka.readAll(deadLetterTopic())) {
			long offset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
				.getLong();
			deadLettered.add(List.of((long) record.partition(), offset));
		}
		assertThat(deadLettered).isEqualTo(BAD);
		Map<TopicPartition, Long> end = Map.of(new TopicPartition(this.topic, 0), (long) RECORDS_PER_PARTITION,
				new TopicPartition(this.topic, 1), (long) RECORDS_PER_PARTITION);
		assertThat(Database.storedOffsets(this.logbatch.groupId())).isEqualTo(end);
		assertThat(Kafka.committedOffsets(this.logbatch.groupId())).isEqualTo(end);
	}

	private static boolean isBad(int partition, long offset) {
		return BAD.contains(List.of((long) partition, offset));
	}

}
