package io.logbatch.scheduling;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunLockTests {

	private final RunLock runLock = new RunLock(Database.jdbc().getDataSource());

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void oneSessionAtATimeHoldsAGroupsLock() throws Exception {
		// given
		Optional<RunLock.Held> first = this.runLock.tryAcquire("lock-a");

		// then
		assertThat(first).isPresent();
		assertThat(this.runLock.isHeld("lock-a")).isTrue();
		assertThat(this.runLock.tryAcquire("lock-a")).isEmpty();
		try (RunLock.Held otherGroup = this.runLock.tryAcquire("lock-b").orElseThrow()) {
			assertThat(this.runLock.isHeld("lock-b")).isTrue();
		}

		// when
		first.get().close();

		// then
		assertThat(this.runLock.isHeld("lock-a")).isFalse();
		this.runLock.tryAcquire("lock-a").orElseThrow().close();
	}

	@Test
	void theLockEndsWithItsSessionAsWhenItsProcessIsKilled() throws Exception {
		// given
		RunLock.Held held = this.runLock.tryAcquire("lock-killed").orElseThrow();

		// when the session ends without unlocking
		Database.jdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, lockHolder("lock-killed"));

		// then
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !this.runLock.isHeld("lock-killed"));
		assertThat(held.isAlive()).isFalse();
		try (RunLock.Held next = this.runLock.tryAcquire("lock-killed").orElseThrow()) {
			assertThat(next.isAlive()).isTrue();
		}
		held.close();
	}

	@Test
	void aRunStopsAtAChunkBoundaryWhenTheSessionHoldingItsLockEnds() throws Exception {
		// given a run held in its second chunk
		String topic = Kafka.uniqueTopic("lock-lost");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 40);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
		CompletableFuture<RunSummary> run;
		try (Faults.Trap trap = Faults.trapInsertOf("e-15")) {
			run = logbatch.runInBackground();
			trap.awaitHeld(Duration.ofSeconds(60));

			// when its lock's session ends, and the lock watch notices
			Database.jdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class,
					lockHolder(logbatch.groupId()));
			long executionId = Database.lastExecutionId();
			// (Spring Batch 6 records a stop request as STOPPED at once, while the chunk still runs)
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.until(() -> Database.executionStatus(executionId).startsWith("STOP"));
		}

		// then the run commits the chunk it is in, and stops
		assertThat(run.get().status()).isEqualTo("STOPPED");
		assertThat(Database.eventCount()).isEqualTo(20);
	}

	private static int lockHolder(String groupId) {
		return Database.jdbc().queryForObject("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
				+ " AND ((classid::int8 << 32) | objid::int8) = hashtextextended('logbatch:' || ?, 0)", Integer.class,
				groupId);
	}

}
