package io.logbatch.scheduling;

import java.time.Duration;
import java.util.Map;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.support.BrokerTraps;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.GuaranteeScenario;
import io.logbatch.support.Kafka;
import io.logbatch.support.LogbatchProcess;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the packaged application at the moments that matter, then a {@code restart} of
 * the killed execution or a fresh {@code run}: every valid event ends up in log_event exactly
 * once, every bad record in the dead-letter topic at least once, and the offsets in PostgreSQL
 * and Kafka at the end of the topic.
 */
class CrashRecoveryIT {

	private static final Duration START = Duration.ofSeconds(90);

	private GuaranteeScenario scenario;

	@BeforeEach
	void produceLogsWithBadRecords() {
		Database.reset();
		this.scenario = new GuaranteeScenario(Kafka.uniqueTopic("crash"));
	}

	@AfterEach
	void endProcesses() throws Exception {
		this.scenario.close();
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
		try (BrokerTraps.Trap trap = BrokerTraps.holdOffsetCommits(this.scenario.logbatch().groupId())) {
			LogbatchProcess killed = start("run");
			trap.awaitHeld(START);
			assertThat(Database.storedOffsets(this.scenario.logbatch().groupId())).isNotEmpty();
			assertThat(Kafka.committedOffsets(this.scenario.logbatch().groupId())).isEmpty();

			// when
			killed.kill();
		}

		// then
		followUpAndCheck(followUp, Database.lastExecutionId());
	}

	/**
	 * Spring Batch stores a partition step COMPLETED before it closes its streams, and a restart runs
	 * only the partitions that did not complete: the close that waits for the partition's last Kafka
	 * commit is the one thing a restart does not do again.
	 */
	@ParameterizedTest(name = "then {0}")
	@ValueSource(strings = { "restart", "run" })
	void killedAfterEveryPartitionCompletedBeforeItsKafkaCommit(String followUp) throws Exception {
		// given a run whose partitions all completed in PostgreSQL, its Kafka offset commit held
		try (BrokerTraps.Trap trap = BrokerTraps.holdOffsetCommits(this.scenario.logbatch().groupId())) {
			LogbatchProcess killed = start("run");
			trap.awaitHeld(START);
			long killedId = Database.lastExecutionId();
			Awaitility.await()
				.atMost(START)
				.until(() -> Database.count("SELECT count(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? "
						+ "AND STEP_NAME LIKE ? AND STATUS = 'COMPLETED'", killedId,
						IngestSteps.PARTITION_STEP_NAME + "%") == 2);
			assertThat(Kafka.committedOffsets(this.scenario.logbatch().groupId())).isEmpty();

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

	/**
	 * A chunk commits without waiting for its dead letters' acknowledgements; the stored offset
	 * stops at the first one not acknowledged, so a kill before the acknowledgement loses none.
	 */
	@ParameterizedTest(name = "then {0}")
	@ValueSource(strings = { "restart", "run" })
	void killedAfterLaterChunksCommittedWhileADeadLetterAwaitsItsAcknowledgement(String followUp) throws Exception {
		// given a run whose dead letters the broker holds, every chunk but the last committed after them
		String groupId = this.scenario.logbatch().groupId();
		String topic = this.scenario.topic();
		try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(this.scenario.deadLetterTopic())) {
			LogbatchProcess killed = start("run");
			trap.awaitHeld(START);
			try {
				Awaitility.await()
					.atMost(START)
					.until(() -> Database.count("SELECT count(*) FROM log_event WHERE event_id IN ('p0-29', 'p1-29')") == 2);
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("p0-29 and p1-29 were not both stored within " + START + " (stored offsets "
						+ Database.storedOffsets(groupId) + "); logbatch's output:\n" + killed.output(), ex);
			}
			assertThat(Database.storedOffsets(groupId)).isEqualTo(
					Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 25L));

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
		return this.scenario.start(commandAndArgs);
	}

}
