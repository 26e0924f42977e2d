package io.logbatch.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.Logbatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** run, restart, stop, abandon and status as an admin uses them, in this JVM. */
class OperatingCommandTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void runExitsThreeAtOnceWhileAnotherRunOfTheGroupHoldsTheLock() throws Exception {
		// given another process holding the group's run lock
		String topic = Kafka.uniqueTopic("locked");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5);
		Logbatch logbatch = Logbatch.forTopics(topic);
		try (Connection other = Database.jdbc().getDataSource().getConnection()) {
			lock(other, logbatch.groupId());

			// when
			CliResult locked = logbatch.cli("run");

			// then
			assertThat(locked.exitCode()).isEqualTo(3);
			assertThat(locked.err()).contains("another run of group '" + logbatch.groupId() + "' holds the run lock");
			assertThat(Database.eventCount()).isZero();
		}

		// when the other process is gone, its lock is gone with it
		CliResult next = logbatch.cli("run");

		// then
		assertThat(next.exitCode()).isZero();
		assertThat(Database.eventCount()).isEqualTo(5);
	}

	@Test
	void restartResumesAFailedExecutionFromItsLastCommittedChunkAndEndsAtItsOriginalRange() {
		// given a run failing after its first chunk
		String topic = Kafka.uniqueTopic("restart");
		Logbatch logbatch = failingAfterTheFirstChunk(topic, 30);
		CliResult failed = logbatch.cli("run");
		long failedId = Database.lastExecutionId();
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.out()).contains("'restart " + failedId + "' resumes it");
		assertThat(Database.eventCount()).isEqualTo(10);

		// when the database recovers, more records arrive, and the admin restarts the execution
		Faults.clear();
		Kafka.sendEvents(topic, 0, 30, 5);
		CliResult restarted = logbatch.cli("restart", Long.toString(failedId));

		// then it stores the rest of its original range, and only that
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("COMPLETED: 20 read, 20 written");
		assertThat(Database.eventCount()).isEqualTo(30);
		assertThat(Database.executionStatus(failedId)).isEqualTo("FAILED");
		assertThat(Database.executionStatus(Database.lastExecutionId())).isEqualTo("COMPLETED");

		// when the next run comes
		CliResult next = logbatch.cli("run");

		// then it reads what arrived since
		assertThat(next.out()).contains("COMPLETED: 5 read, 5 written");
		assertThat(Database.eventCount()).isEqualTo(35);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 35L);
	}

	@Test
	void restartLastFailedResumesTheNewestFailedExecutionOfTheGroup() {
		// given
		String topic = Kafka.uniqueTopic("last-failed");
		Logbatch logbatch = failingAfterTheFirstChunk(topic, 20);
		assertThat(logbatch.cli("run").exitCode()).isEqualTo(1);
		Faults.clear();

		// when
		CliResult restarted = logbatch.cli("restart", "--last-failed");

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(Database.eventCount()).isEqualTo(20);

		// and then nothing is left to restart
		CliResult nothing = logbatch.cli("restart", "--last-failed");
		assertThat(nothing.exitCode()).isEqualTo(2);
		assertThat(nothing.err()).contains("has no FAILED or STOPPED execution to restart");
	}

	@Test
	void restartRefusesWhatCannotBeRestartedWithExitTwo() {
		// given a completed run
		String topic = Kafka.uniqueTopic("not-restartable");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 3);
		Logbatch logbatch = Logbatch.forTopics(topic);
		assertThat(logbatch.cli("run").exitCode()).isZero();
		long completed = Database.lastExecutionId();

		// then
		assertThat(logbatch.cli("restart", Long.toString(completed)).err())
			.contains("execution " + completed + " is COMPLETED; only FAILED or STOPPED executions restart");
		assertThat(logbatch.cli("restart", "999999").err()).contains("there is no execution 999999");
		assertThat(logbatch.cli("restart").exitCode()).isEqualTo(2);
		assertThat(logbatch.cli("restart", "1", "--last-failed").exitCode()).isEqualTo(2);
		CliResult otherGroup = Logbatch.forTopics(topic).cli("restart", Long.toString(completed));
		assertThat(otherGroup.exitCode()).isEqualTo(2);
		assertThat(otherGroup.err()).contains("restart it with --logbatch.group-id=" + logbatch.groupId());
	}

	@Test
	void anExecutionLeftRunningByADeadProcessIsMarkedFailedByTheNextRunAndRestarts() {
		// given an execution that a killed process left STARTED after its first chunk
		String topic = Kafka.uniqueTopic("stale");
		Logbatch logbatch = failingAfterTheFirstChunk(topic, 20);
		logbatch.cli("run");
		long stale = Database.lastExecutionId();
		Database.leaveRunning(stale);
		Faults.clear();

		// then status shows it as running without a process
		CliResult status = logbatch.cli("status");
		assertThat(status.out()).containsPattern(stale + "\\s+" + logbatch.groupId() + "\\s+STARTED\\*");

		// when the next run starts
		CliResult next = logbatch.cli("run");

		// then it marked the stale execution FAILED, so that it restarts
		assertThat(next.exitCode()).isZero();
		assertThat(Database.executionStatus(stale)).isEqualTo("FAILED");
		assertThat(Database.eventCount()).isEqualTo(20);
		CliResult restarted = logbatch.cli("restart", Long.toString(stale));
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("COMPLETED: 0 read");
		assertThat(Database.eventCount()).isEqualTo(20);
	}

	@Test
	void stopMarksAnExecutionWhoseProcessIsGoneFailed() {
		// given
		String topic = Kafka.uniqueTopic("stop-stale");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 3);
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.cli("run");
		long stale = Database.lastExecutionId();
		Database.leaveRunning(stale);

		// when
		CliResult stop = logbatch.cli("stop", Long.toString(stale));

		// then
		assertThat(stop.exitCode()).isZero();
		assertThat(stop.out()).contains("was left running by a process that is gone; marked it FAILED");
		assertThat(Database.executionStatus(stale)).isEqualTo("FAILED");

		// and a stop of what is not running is refused
		CliResult again = logbatch.cli("stop", Long.toString(stale));
		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("is FAILED, not running");
	}

	@Test
	void stopEndsALiveRunAtAChunkBoundaryAndRestartFinishesIt() throws Exception {
		// given a run held in its second chunk
		String topic = Kafka.uniqueTopic("stop-live");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 40);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
		CompletableFuture<RunSummary> run;
		long executionId;
		try (Faults.Trap trap = Faults.trapInsertOf("e-15")) {
			run = logbatch.runInBackground();
			trap.awaitHeld(Duration.ofSeconds(60));
			executionId = Database.lastExecutionId();

			// when
			CliResult stop = logbatch.cli("stop", Long.toString(executionId));
			assertThat(stop.exitCode()).isZero();
			assertThat(stop.out()).contains("stops at its next chunk boundary");
			assertThat(Database.executionStatus(executionId)).isEqualTo("STOPPING");
		}

		// then the held chunk commits and the run ends there, STOPPED
		RunSummary stopped = run.get();
		assertThat(stopped.status()).isEqualTo("STOPPED");
		assertThat(Database.eventCount()).isEqualTo(20);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 20L);

		// when
		CliResult restarted = logbatch.cli("restart", Long.toString(executionId));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("COMPLETED: 20 read, 20 written");
		assertThat(Database.eventCount()).isEqualTo(40);
	}

	@Test
	void abandonKeepsAFailedExecutionFromBeingRestarted() {
		// given
		String topic = Kafka.uniqueTopic("abandon");
		Logbatch logbatch = failingAfterTheFirstChunk(topic, 20);
		logbatch.cli("run");
		long failed = Database.lastExecutionId();
		Faults.clear();

		// when
		CliResult abandon = logbatch.cli("abandon", Long.toString(failed));

		// then
		assertThat(abandon.exitCode()).isZero();
		assertThat(Database.executionStatus(failed)).isEqualTo("ABANDONED");
		assertThat(logbatch.cli("restart", "--last-failed").exitCode()).isEqualTo(2);
		assertThat(logbatch.cli("restart", Long.toString(failed)).err()).contains("is ABANDONED");

		// and the next run still stores what the abandoned one did not
		assertThat(logbatch.cli("run").out()).contains("COMPLETED: 10 read, 10 written");
		assertThat(Database.eventCount()).isEqualTo(20);
		assertThat(logbatch.cli("abandon", Long.toString(Database.lastExecutionId())).exitCode()).isEqualTo(2);
	}

	@Test
	void statusShowsRecentExecutionsAsATableAndAsJson() {
		// given one completed run with a duplicate and a dead letter
		String topic = Kafka.uniqueTopic("status");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, java.util.List.of(
				// one event twice: with its time, so the same row whatever the records' timestamps
				"{\"event_id\":\"a\",\"@timestamp\":\"2026-11-30T10:00:00Z\"}",
				"{\"event_id\":\"a\",\"@timestamp\":\"2026-11-30T10:00:00Z\"}", "oops"));
		Logbatch logbatch = Logbatch.forTopics(topic);
		logbatch.cli("run");
		long id = Database.lastExecutionId();

		// when
		CliResult table = logbatch.cli("status", "--limit", "3");
		CliResult json = logbatch.cli("status", "--json", "--limit", "1");

		// then
		assertThat(table.exitCode()).isZero();
		assertThat(table.out().lines().findFirst().orElseThrow()).containsSubsequence("ID", "GROUP", "STATUS",
				"START", "END", "READ", "WRITTEN", "DUPLICATES", "FILTERED", "DEAD-LETTERED", "RECORDS/S");
		assertThat(table.out()).containsPattern(id + "\\s+" + logbatch.groupId() + "\\s+COMPLETED\\s+\\S+ \\S+\\s+"
				+ "\\S+ \\S+\\s+3\\s+1\\s+1\\s+0\\s+1\\s+\\d+");
		assertThat(table.out().lines().count()).isLessThanOrEqualTo(4);
		JsonNode rows = JsonMapper.builder().build().readTree(json.out());
		assertThat(rows.size()).isEqualTo(1);
		JsonNode row = rows.get(0);
		assertThat(row.get("id").asLong()).isEqualTo(id);
		assertThat(row.get("group").asString()).isEqualTo(logbatch.groupId());
		assertThat(row.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(row.get("stale").asBoolean()).isFalse();
		assertThat(row.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*([+-]\\d\\d:\\d\\d|Z)");
		assertThat(row.get("read").asLong()).isEqualTo(3);
		assertThat(row.get("written").asLong()).isEqualTo(1);
		assertThat(row.get("duplicates").asLong()).isEqualTo(1);
		assertThat(row.get("deadLettered").asLong()).isEqualTo(1);
		assertThat(row.has("recordsPerSecond")).isTrue();
		assertThat(logbatch.cli("status", "--limit", "0").exitCode()).isEqualTo(2);
	}

	/**
	 * Events e-0 up to e-(count - 1) in one partition, and a database that fails every insert
	 * after the first chunk of 10 until the test clears the fault.
	 */
	private static Logbatch failingAfterTheFirstChunk(String topic, int count) {
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, count);
		Faults.failInserts("40P01", 1000, "NEW.source_offset >= 10");
		return Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
	}

	private static void lock(Connection connection, String groupId) throws Exception {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_advisory_lock(hashtextextended('logbatch:' || ?, 0))")) {
			statement.setString(1, groupId);
			statement.execute();
		}
	}

}
