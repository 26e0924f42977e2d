package io.logbatch.remote;

import java.time.Duration;
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
 * Remote partitioning as users run it: a manager ({@code run --workers=remote}) and two
 * {@code worker} processes of the packaged application, on a real broker and a real
 * PostgreSQL. Every valid event ends up stored exactly once, also when a worker is killed
 * mid-partition and the run is restarted.
 */
class RemotePartitioningIT {

	private static final Duration START = Duration.ofSeconds(90);

	private GuaranteeScenario scenario;

	@BeforeEach
	void produceLogsWithBadRecords() {
		Database.reset();
		this.scenario = new GuaranteeScenario(Kafka.uniqueTopic("remote"));
		// A worker learns that the second one joined the group at its next heartbeat, 3 s apart by default:
		// every test waits for both to hold request partitions before it starts a run. A worker that
		// is gone is still noticed after the session timeout, which stays as configured.
		this.scenario.logbatch()
			.with("logbatch.concurrency", "1")
			.with("spring.kafka.consumer.heartbeat-interval", "500ms");
	}

	@AfterEach
	void endProcesses() throws Exception {
		this.scenario.printOutputs();
		this.scenario.close();
	}

	@Test
	void twoWorkersProcessEveryPartitionExactlyOnce() throws Exception {
		// given
		List<LogbatchProcess> workers = startWorkers("worker-a", "worker-b");

		// when
		LogbatchProcess manager = this.scenario.start("run", "--workers=remote");

		// then
		assertThat(manager.awaitExit(START)).as(manager.output()).isZero();
		this.scenario.assertStoredExactlyOnce();
		for (LogbatchProcess worker : workers) {
			assertThat(worker.output()).as("each worker ran one partition").containsOnlyOnce(": started");
		}
		assertThat(manager.output()).contains(" COMPLETED: 64 read, 61 written, 0 duplicates, 0 filtered, 3 dead-lettered")
			.containsOnlyOnce("worker worker-a")
			.containsOnlyOnce("worker worker-b");
	}

	@Test
	void aWorkerKilledMidPartitionLeavesItFailedAndRestartFinishesItExactlyOnce() throws Exception {
		// given a run whose partition 0 is held inside a chunk on one of two workers
		List<LogbatchProcess> workers = startWorkers("worker-a", "worker-b");
		HeldRun run;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = startRunHeldInPartition0(workers, trap);

			// when
			run.holder().kill();
			trap.terminate(run.backend());
		}
		LogbatchProcess manager = run.manager();
		LogbatchProcess killed = run.holder();

		// then the run fails with that partition FAILED, the other one COMPLETED
		assertThat(manager.awaitExit(START)).as(manager.output()).isEqualTo(1);
		long failedId = Database.lastExecutionId();
		assertThat(Database.executionStatus(failedId)).isEqualTo("FAILED");
		assertThat(partitionStatuses(failedId)).containsExactlyInAnyOrder("COMPLETED", "FAILED");
		assertThat(manager.output()).contains("is gone");

		// and a restart re-dispatches only the failed partition, to the live worker
		LogbatchProcess restart = this.scenario.start("restart", Long.toString(failedId), "--workers=remote");
		assertThat(restart.awaitExit(START)).as(restart.output()).isZero();
		long restartId = Database.lastExecutionId();
		assertThat(partitionStatuses(restartId)).containsExactly("COMPLETED");
		LogbatchProcess survivor = workers.stream().filter((worker) -> worker != killed).findFirst().orElseThrow();
		assertThat(restart.output()).contains("-0 COMPLETED")
			.contains("worker " + (workers.indexOf(survivor) == 0 ? "worker-a" : "worker-b"));
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void aWorkerStoppedBySigtermFinishesItsChunkAndRestartFinishesThePartition() throws Exception {
		// given a run whose partition 0 is held inside a chunk on one of two workers
		List<LogbatchProcess> workers = startWorkers("worker-a", "worker-b");
		HeldRun run;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = startRunHeldInPartition0(workers, trap);

			// when
			run.holder().signal("TERM");
			run.holder().awaitOutput("Stopping 1 partition(s) at their next chunk boundary", START);
			trap.release();
		}
		LogbatchProcess manager = run.manager();
		LogbatchProcess stopped = run.holder();

		// then the worker commits the held chunk, stops the partition and exits cleanly
		assertThat(stopped.awaitExit(START)).as(stopped.output()).isZero();
		assertThat(manager.awaitExit(START)).as(manager.output()).isEqualTo(1);
		long stoppedId = Database.lastExecutionId();
		assertThat(partitionStatuses(stoppedId)).containsExactlyInAnyOrder("COMPLETED", "STOPPED");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-24'")).isOne();

		// and a restart finishes it on the other worker
		LogbatchProcess restart = this.scenario.start("restart", "--last-failed", "--workers=remote");
		assertThat(restart.awaitExit(START)).as(restart.output()).isZero();
		assertThat(partitionStatuses(Database.lastExecutionId())).containsExactly("COMPLETED");
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void aManagerKilledMidRunLeavesItsWorkersTheirPartitionsUntilTheyEnd() throws Exception {
		// given a run whose manager is killed while a worker is held inside a chunk of partition 0
		List<LogbatchProcess> workers = startWorkers("worker-a", "worker-b");
		HeldRun run;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = startRunHeldInPartition0(workers, trap);
			run.manager().kill();

			// when another run starts while that worker still runs the partition
			LogbatchProcess early = this.scenario.start("run", "--workers=remote");

			// then it does not start
			assertThat(early.awaitExit(START)).as(early.output()).isEqualTo(3);
			assertThat(early.output()).contains("still run partitions");
			assertThat(Database.lastExecutionId()).isEqualTo(run.executionId());
			trap.release();
		}

		// and once the worker has finished the partition, the next run completes, storing each event once
		long orphanId = run.executionId();
		run.holder().awaitOutput("-0 of run " + orphanId + ": COMPLETED", START);
		LogbatchProcess next = this.scenario.start("run", "--workers=remote");
		assertThat(next.awaitExit(START)).as(next.output()).isZero();
		assertThat(Database.executionStatus(orphanId)).isEqualTo("FAILED");
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void stopEndsThePartitionsThatWorkersStillRunForAKilledManager() throws Exception {
		// given a run whose manager is killed while a worker is held inside a chunk of partition 0
		List<LogbatchProcess> workers = startWorkers("worker-a", "worker-b");
		HeldRun run;
		try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
			run = startRunHeldInPartition0(workers, trap);
			run.manager().kill();

			// when that run is stopped
			LogbatchProcess stop = this.scenario.start("stop", Long.toString(run.executionId()));
			assertThat(stop.awaitExit(START)).as(stop.output()).isZero();
			trap.release();
		}

		// then the worker commits the held chunk and stops the partition there, and keeps serving
		run.holder().awaitOutput("-0 of run " + run.executionId() + ": STOPPED", START);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-24'")).isOne();
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-31'")).isZero();

		// and the next run stores the rest, each event once
		LogbatchProcess next = this.scenario.start("run", "--workers=remote");
		assertThat(next.awaitExit(START)).as(next.output()).isZero();
		assertThat(Database.executionStatus(run.executionId())).isEqualTo("FAILED");
		this.scenario.assertStoredExactlyOnce();
	}

	@Test
	void aRunWithNoWorkerFailsWithoutCreatingPartitions() throws Exception {
		// given no worker process

		// when
		LogbatchProcess manager = this.scenario.start("run", "--workers=remote",
				"--logbatch.remote.worker-timeout=2s");

		// then
		assertThat(manager.awaitExit(START)).as(manager.output()).isEqualTo(1);
		assertThat(manager.output()).contains("no worker serves group '" + this.scenario.logbatch().groupId());
		assertThat(partitionStatuses(Database.lastExecutionId())).isEmpty();
		assertThat(Database.eventCount()).isZero();
	}

	private List<LogbatchProcess> startWorkers(String... names) {
		List<LogbatchProcess> workers = java.util.Arrays.stream(names)
			.map((name) -> this.scenario.start("worker", "--logbatch.worker-name=" + name))
			.toList();
		for (LogbatchProcess worker : workers) {
			worker.awaitOutput("Worker serving partitions", START);
		}
		String workerGroup = this.scenario.logbatch().groupId() + "-workers";
		Awaitility.await()
			.atMost(START)
			.until(() -> Kafka.membersWithPartitions(workerGroup) == names.length);
		return workers;
	}

	/**
	 * Starts a remote run and returns once the insert of event p0-24 is held in the trap, inside a
	 * chunk of partition 0 on one of the workers.
	 */
	private HeldRun startRunHeldInPartition0(List<LogbatchProcess> workers, Faults.Trap trap) {
		LogbatchProcess manager = this.scenario.start("run", "--workers=remote");
		int backend = trap.awaitHeld(START);
		LogbatchProcess holder = workers.stream()
			.filter((worker) -> worker.output().contains("-0 of run"))
			.findFirst()
			.orElseThrow();
		return new HeldRun(manager, holder, backend, Database.lastExecutionId());
	}

	/** A remote run held inside a chunk: its manager, the worker and PostgreSQL backend held, its id. */
	private record HeldRun(LogbatchProcess manager, LogbatchProcess holder, int backend, long executionId) {
	}

	private static List<String> partitionStatuses(long executionId) {
		return Database.jdbc()
			.queryForList("SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE "
					+ "'ingestPartition%'", String.class, executionId);
	}

}
