package io.logbatch.report;

import java.time.LocalDateTime;
import java.util.Map;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.ingest.IngestSteps;
import io.logbatch.ingest.PartitionWorker;
import io.logbatch.offsets.ChunkOffsetCommitter;
import io.logbatch.report.PartitionOutcome.Offsets;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOutcomeTests {

	@Test
	void describesAPartitionInOneLineWithItsCountsProgressAndWorker() {
		// given
		PartitionOutcome partition = completed("logs", 0, "host-a:4242", new Offsets(0, 1000, 1000));

		// when
		String line = partition.describe();

		// then
		assertThat(line).isEqualTo("logs-0 COMPLETED 1000 read, 990 written, 5 duplicates, 0 filtered, "
				+ "5 dead-lettered, offset 1000 of 1000 (100%), worker host-a:4242");
	}

	@Test
	void leavesOutAWorkerThatWasNotRecorded() {
		assertThat(completed("logs", 3, null, new Offsets(0, 1000, 1000)).describe())
			.endsWith("offset 1000 of 1000 (100%)");
	}

	@Test
	void countsProgressThroughTheRangeRoundedDown() {
		assertThat(new Offsets(5000, 5812, 6000).percent()).isEqualTo(81);
		assertThat(new Offsets(5000, 5812, 6000).done()).isEqualTo(812);
		assertThat(new Offsets(5000, 5812, 6000).total()).isEqualTo(1000);
		assertThat(new Offsets(0, 999, 1000).percent()).isEqualTo(99);
		assertThat(new Offsets(0, 0, 1000).percent()).isZero();
	}

	@Test
	void countsAnEmptyRangeAndAGroupAlreadyPastTheRangeAsDone() {
		assertThat(new Offsets(70, 70, 70).percent()).isEqualTo(100);
		assertThat(new Offsets(0, 1500, 1000).done()).isEqualTo(1000);
		assertThat(new Offsets(0, 1500, 1000).percent()).isEqualTo(100);
	}

	@Test
	void takesTheNextOffsetTheStepStoredBeforeTheReadersPosition() {
		// given a step that stored 6 while its reader was at 10: a record-by-record scan failed part way
		ExecutionContext context = range(0, 10);
		context.putLong(IngestSteps.READER_POSITION, 10);
		context.putLong(ChunkOffsetCommitter.STORED_OFFSET_KEY, 6);

		// then
		assertThat(Offsets.of(context)).isEqualTo(new Offsets(0, 6, 10));
	}

	@Test
	void fallsBackToTheReadersPositionThenToTheStartForStepsThatDidNotStoreOne() {
		// given
		ExecutionContext older = range(100, 200);
		older.putLong(IngestSteps.READER_POSITION, 200);

		// then
		assertThat(Offsets.of(older).next()).isEqualTo(200);
		assertThat(Offsets.of(range(100, 200)).next()).isEqualTo(100);
	}

	@Test
	void aRestartedPartitionBeforeItsFirstChunkShowsNothingDoneYetWhereTheFailedOneStopped() {
		// given a restarted step, started, with the context of the failed one it copies
		StepExecution step = new StepExecution(7, "ingestPartition:logs-0",
				new JobExecution(3, new JobInstance(1, "ingest"), new JobParameters()));
		step.setStatus(BatchStatus.STARTED);
		step.setExecutionContext(range(0, 100));
		step.getExecutionContext().putLong(IngestSteps.DUPLICATES, 4);
		step.getExecutionContext().putLong(IngestSteps.EVENTS, 90);
		step.getExecutionContext().putLong("logbatch.filtered.below-level", 30);
		step.getExecutionContext().putLong(ChunkOffsetCommitter.STORED_OFFSET_KEY, 60);
		step.getExecutionContext().putString(PartitionWorker.KEY, "host-a:17");

		// when
		PartitionOutcome partition = PartitionOutcome.of(step, Delivery.AT_LEAST_ONCE);

		// then
		assertThat(partition.topicPartition()).isEqualTo("logs-0");
		assertThat(partition.status()).isEqualTo("STARTED");
		assertThat(partition.read()).isZero();
		assertThat(partition.written()).isZero();
		assertThat(partition.duplicates()).isZero();
		assertThat(partition.filtered()).isZero();
		assertThat(partition.filteredByRule()).isEmpty();
		assertThat(partition.offsets()).isEqualTo(new Offsets(0, 60, 100));
		assertThat(partition.worker()).isEqualTo("host-a:17");
	}

	private static PartitionOutcome completed(String topic, int partition, String worker, Offsets offsets) {
		LocalDateTime start = LocalDateTime.of(2025, 6, 1, 2, 0);
		return new PartitionOutcome(topic, partition, "COMPLETED", worker, start, start.plusSeconds(3), 1000, 990, 5,
				0, 5, 0, 0, Map.of("not-json-object", 5L), Map.of(), offsets);
	}

	private static ExecutionContext range(long start, long end) {
		ExecutionContext context = new ExecutionContext();
		context.putString(IngestSteps.TOPIC, "logs");
		context.putInt(IngestSteps.PARTITION, 0);
		context.putLong(IngestSteps.START, start);
		context.putLong(IngestSteps.END, end);
		return context;
	}

}
