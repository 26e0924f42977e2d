package io.logbatch.scheduling;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.logbatch.support.BrokerTraps;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.LogbatchProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the packaged application at the moments that matter, then a {@code restart} of
 * the killed execution or a fresh {@code run}: every valid event ends up in log_event exactly
 * once, every bad record in the dead-letter topic at least once, and the offsets in PostgreSQL
 * and Kafka at the end of the topic.
 */
class CrashRecoveryIT {

	private static final Duration START = Duration.ofSeconds(90);

	private final List<LogbatchProcess> processes = new ArrayList<>();

	private Scenario scenario;

	@BeforeEach
	void produceLogsWithBadRecords() {
		Database.reset();
		this.scenario = new Scenario(Kafka.uniqueTopic("crash"));
	}

	@AfterEach
	void cleanUp() throws Exception {
		Faults.clear();
		for (LogbatchProcess process : this.processes) {
			process.close();
		}
	}

	@ParameterizedTest(name = "then {0}")
	@ValueSource(strings = { "restart", "run" })
	void killedMidChunk(String followUp) throws Exception {
		// given a run held inside a chunk's transaction, rows written but not committed
		LogbatchProcess killed;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			killed = start("run");
			int backend = trap.awaitHeld(START);

			// when
			killed.kill();
			trap.terminate(backend);
		}

		// then the killed execution is left STARTED, its held chunk is not stored
		long killedId = Database.lastExecutionId();
		assertThat(Database.executionStatus(killedId)).isEqualTo("STARTED");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-24'")).isZero();
		followUpAndCheck(followUp, killedId);
	}

	@ParameterizedTest(name = "then {0}")
	@ValueSource(strings = { "restart", "run" })
	void killedAfterTheDatabaseCommitBeforeTheKafkaCommit(String followUp) throws Exception {
		// given a run whose chunk committed in PostgreSQL, held before its Kafka offset commit
		try (BrokerTraps.Trap trap = BrokerTraps.holdOffsetCommits(this.scenario.logbatch.groupId())) {
			LogbatchProcess killed = start("run");
			trap.awaitHeld(START);
			assertThat(Database.storedOffsets(this.scenario.logbatch.groupId())).isNotEmpty();
			assertThat(Kafka.committedOffsets(this.scenario.logbatch.groupId())).isEmpty();

			// when
			killed.kill();
		}

		// then
		followUpAndCheck(followUp, Database.lastExecutionId());
	}

	@ParameterizedTest(name = "then {0}")
	@ValueSource(strings = { "restart", "run" })
	void killedDuringADeadLetterPublish(String followUp) throws Exception {
		// given a run held while the broker receives its dead letter
		try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(this.scenario.deadLetterTopic())) {
			LogbatchProcess killed = start("run");
			trap.awaitHeld(START);

			// when
			killed.kill();
		}

		// then
		followUpAndCheck(followUp, Database.lastExecutionId());
	}

	private void followUpAndCheck(String followUp, long killedId) throws Exception {
		LogbatchProcess next = followUp.equals("restart") ? start("restart", Long.toString(killedId)) : start("run");
		int exitCode = next.awaitExit(START);
		assertThat(exitCode).as(next.output()).isZero();
		assertThat(Database.executionStatus(killedId)).isEqualTo("FAILED");
		this.scenario.assertStoredExactlyOnce();
	}

	private LogbatchProcess start(String... commandAndArgs) {
		LogbatchProcess process = this.scenario.logbatch.process(commandAndArgs);
		this.processes.add(process);
		return process;
	}

	/**
	 * Two partitions of 32 records each, chunks of 10: 61 valid events and 3 bad records, at
	 * partition 0 offsets 5 and 15 and partition 1 offset 25. Event ids name their partition and
	 * offset.
	 */
	static final class Scenario {

		static final Set<List<Long>> BAD = Set.of(List.of(0L, 5L), List.of(0L, 15L), List.of(1L, 25L));

		final String topic;

		final Logbatch logbatch;

		Scenario(String topic) {
			this.topic = topic;
			Kafka.createTopicWithDeadLetterTopic(topic, 2);
			for (int partition = 0; partition < 2; partition++) {
				List<String> values = new ArrayList<>();
				for (int offset = 0; offset < 32; offset++) {
					values.add(BAD.contains(List.of((long) partition, (long) offset)) ? "not json " + offset
							: "{\"event_id\":\"p%d-%d\",\"message\":\"m\"}".formatted(partition, offset));
				}
				Kafka.sendAll(topic, partition, values);
			}
			this.logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10")
				.with("logbatch.concurrency", "2");
		}

		String deadLetterTopic() {
			return this.topic + "-dlt";
		}

		void assertStoredExactlyOnce() {
			Set<String> expected = new HashSet<>();
			for (int partition = 0; partition < 2; partition++) {
				for (long offset = 0; offset < 32; offset++) {
					if (!BAD.contains(List.of((long) partition, offset))) {
						expected.add("p" + partition + "-" + offset);
					}
				}
			}
			List<String> stored = Database.jdbc()
				.queryForList("SELECT event_id FROM log_event WHERE source_topic = ?", String.class, this.topic);
			assertThat(stored).hasSize(61);
			assertThat(new HashSet<>(stored)).isEqualTo(expected);
			Set<List<Long>> deadLettered = new HashSet<>();
			for (ConsumerRecord<byte[], byte[]> record : Kafka.readAll(deadLetterTopic())) {
				long offset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
					.getLong();
				deadLettered.add(List.of((long) record.partition(), offset));
			}
			assertThat(deadLettered).isEqualTo(BAD);
			Map<TopicPartition, Long> end = Map.of(new TopicPartition(this.topic, 0), 32L,
					new TopicPartition(this.topic, 1), 32L);
			assertThat(Database.storedOffsets(this.logbatch.groupId())).isEqualTo(end);
			assertThat(Kafka.committedOffsets(this.logbatch.groupId())).isEqualTo(end);
		}

	}

}
