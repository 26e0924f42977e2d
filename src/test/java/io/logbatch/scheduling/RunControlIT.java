package io.logbatch.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.GuaranteeScenario;
import io.logbatch.support.Kafka;
import io.logbatch.support.LogbatchProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application driven as cron and admins drive it: two runs at once, a stop from
 * another process, and SIGTERM or SIGINT to {@code run} and {@code schedule}; each followed by
 * the count of what was stored.
 */
class RunControlIT {

	private static final Duration START = Duration.ofSeconds(90);

	private GuaranteeScenario scenario;

	@BeforeEach
	void produceLogsWithBadRecords() {
		Database.reset();
		this.scenario = new GuaranteeScenario(Kafka.uniqueTopic("control"));
	}

	@AfterEach
	void endProcesses() throws Exception {
		this.scenario.close();
	}

	@Test
	void twoRunsStartedAtOnceStoreEverythingOnceAndOneExitsThree() throws Exception {
		// given two runs of the same group started together, the winner held mid-run
		LogbatchProcess first;
		LogbatchProcess second;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			first = start("run");
			second = start("run");

			// when the winner holds the lock
			trap.awaitHeld(START);

			// then the other one gives up at once, having done nothing
			Awaitility.await().atMost(START).until(() -> (first.output() + second.output()).contains("holds the run lock"));
			LogbatchProcess loser = first.output().contains("holds the run lock") ? first : second;
			assertThat(loser.awaitExit(START)).isEqualTo(3);
		}
		List<Integer> exitCodes = new ArrayList<>(List.of(first.awaitExit(START), second.awaitExit(START)));
		assertThat(exitCodes).containsExactlyInAnyOrder(0, 3);
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void stopFromAnotherProcessEndsTheRunAtAChunkBoundaryAndRestartFinishesIt() throws Exception {
		// given a run held in the middle of partition 0
		LogbatchProcess run;
		long executionId;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = start("run");
			trap.awaitHeld(START);
			executionId = Database.lastExecutionId();

			// when an admin stops it from another process
			LogbatchProcess stop = start("stop", Long.toString(executionId));
			assertThat(stop.awaitExit(START)).as(stop.output()).isZero();
			assertThat(stop.output()).contains("stops at its next chunk boundary");
		}

		// then it commits the chunk it was in and ends STOPPED, exit code 1
		assertThat(run.awaitExit(START)).as(run.output()).isEqualTo(1);
		assertThat(run.output()).contains("stopped at a chunk boundary");
		assertThat(Database.executionStatus(executionId)).isEqualTo("STOPPED");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-24'")).isOne();
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-31'")).isZero();

		// when
		LogbatchProcess restart = start("restart", Long.toString(executionId));

		// then
		assertThat(restart.awaitExit(START)).as(restart.output()).isZero();
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void sigintStopsARunAtAChunkBoundaryLeavingARestartableExecution() throws Exception {
		// given
		LogbatchProcess run;
		long executionId;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = start("run");
			trap.awaitHeld(START);
			executionId = Database.lastExecutionId();

			// (however the build was started: a child that ignores SIGINT would never get it)
			assertThat(run.ignoresSigint()).as("logbatch ignores SIGINT").isFalse();

			// when
			run.signal("INT");
			run.awaitOutput("SIGINT: stopping at the next chunk boundary", START);
		}

		// then
		assertThat(run.awaitExit(START)).as(run.output()).isEqualTo(1);
		assertThat(Database.executionStatus(executionId)).isEqualTo("STOPPED");
		LogbatchProcess restart = start("restart", "--last-failed");
		assertThat(restart.awaitExit(START)).as(restart.output()).isZero();
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void sigtermEndsScheduleCleanlyAtAChunkBoundary() throws Exception {
		// given the scheduler in the middle of a run
		LogbatchProcess schedule;
		long executionId;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			schedule = start("schedule", "--logbatch.schedule.cron=* * * * * *");
			trap.awaitHeld(START);
			executionId = Database.lastExecutionId();

			// when
			schedule.signal("TERM");
			schedule.awaitOutput("SIGTERM: stopping at the next chunk boundary", START);
		}

		// then
		assertThat(schedule.awaitExit(START)).as(schedule.output()).isZero();
		assertThat(Database.executionStatus(executionId)).isEqualTo("STOPPED");
		assertThat(Database.lastExecutionId()).isEqualTo(executionId);

		// when scheduled again, the next runs pick up where the stopped one ended
		LogbatchProcess again = start("schedule", "--logbatch.schedule.cron=* * * * * *");
		again.awaitOutput("COMPLETED", START);
		again.signal("TERM");
		assertThat(again.awaitExit(START)).as(again.output()).isZero();
		this.scenario.assertStoredExactlyOnce();
	}

	private LogbatchProcess start(String... commandAndArgs) {
		return this.scenario.start(commandAndArgs);
	}

}
