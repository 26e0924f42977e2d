package io.logbatch.store;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.PartitionedStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prune at the end of each completed run, through {@code logbatch run} on a partitioned store: it
 * drops the expired days, and a prune that cannot finish leaves the run COMPLETED with one ERROR line,
 * for the next run to finish. The runs read an empty topic: the partitioned table's writer comes with
 * the schema's branch.
 */
@ExtendWith(OutputCaptureExtension.class)
class PruneAfterRunTests {

	private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	private PartitionedStore store;

	private Logbatch logbatch;

	@BeforeEach
	void createStore() {
		// given a day 30 days old and today, and a retention of 10 days; a run adds tomorrow's partition
		this.store = PartitionedStore.create("prune_after_run_tests");
		this.store.createDay(TODAY.minusDays(30));
		this.store.createDay(TODAY);
		String topic = Kafka.uniqueTopic("prune-after-run");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		this.logbatch = Logbatch.forTopics(topic).with("spring.datasource.url", this.store.jdbcUrl())
			.with("logbatch.store.retention", "10d");
	}

	@Test
	void dropsTheExpiredDaysAtTheEndOfARun() {
		// when
		CliResult run = this.logbatch.cli("run");

		// then
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("COMPLETED");
		assertThat(this.store.partitions()).containsExactly(PartitionedStore.partitionOf(TODAY), PartitionedStore.partitionOf(TODAY.plusDays(1)));
	}

	@Test
	void leavesTheRunCompletedWhenItsPruneFailsAndTheNextRunFinishesIt(CapturedOutput output) {
		// given a view over the expired day, which keeps its table from being dropped
		String expired = PartitionedStore.partitionOf(TODAY.minusDays(30));
		this.store.jdbc().execute("CREATE VIEW expired_day AS SELECT * FROM " + expired);

		// when
		CliResult run = this.logbatch.cli("run");

		// then the run completed, the day is out of log_event, and the failure is one ERROR line
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("COMPLETED");
		assertThat(this.store.partitions()).containsExactly(PartitionedStore.partitionOf(TODAY), PartitionedStore.partitionOf(TODAY.plusDays(1)));
		assertThat(this.store.exists(expired)).isTrue();
		assertThat(output.getErr()).containsPattern("ERROR .* Prune after run \\d+ stopped short: " + expired
				+ ": ERROR: cannot drop table " + expired + " because other objects depend on it \\(SQLSTATE 2BP01\\); "
				+ "it is left for the next prune; 'logbatch prune' or the next run goes on");

		// when the cause is gone
		this.store.jdbc().execute("DROP VIEW expired_day");
		CliResult next = this.logbatch.cli("run");

		// then the next run's prune drops the table it had detached
		assertThat(next.exitCode()).isZero();
		assertThat(this.store.exists(expired)).isFalse();
	}

}
