package io.logbatch.remote;

import java.time.Duration;
import java.util.Optional;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.scheduling.RunLock;
import io.logbatch.support.Database;
import io.logbatch.support.Logbatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a worker claims the partition a request names, against the real job repository and
 * PostgreSQL locks: once, by one worker, and only for its own group.
 */
class PartitionClaimsTests {

	private static final String GROUP = "claims";

	private static final TopicPartition LOGS_0 = new TopicPartition("logs", 0);

	private ConfigurableApplicationContext context;

	private JobRepository jobRepository;

	private RunLock runLock;

	@BeforeEach
	void startApplication() {
		Database.reset();
		this.context = Logbatch.forTopics("logs").with("logbatch.group-id", GROUP).start();
		this.jobRepository = this.context.getBean(JobRepository.class);
		this.runLock = this.context.getBean(RunLock.class);
	}

	@AfterEach
	void stopApplication() {
		this.context.close();
	}

	@Test
	void aPartitionIsClaimedOnceAndMarkedStarted() throws Exception {
		// given
		StepExecution partition = startingPartition(GROUP);
		PartitionClaims claims = claims(GROUP);

		// when
		Optional<PartitionClaims.Claim> first = claims.claim(request(partition), () -> false);
		Optional<PartitionClaims.Claim> again = claims.claim(request(partition), () -> false);

		// then
		assertThat(first).isPresent();
		assertThat(again).isEmpty();
		assertThat(this.jobRepository.getStepExecution(partition.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
		assertThat(this.runLock.isHeld(GROUP, LOGS_0)).isTrue();
		first.get().lock().close();
		assertThat(this.runLock.isHeld(GROUP, LOGS_0)).isFalse();
	}

	@Test
	void aPartitionAnotherWorkerStillHoldsIsRefusedAfterTheWait() throws Exception {
		// given another worker holding the partition's lock
		StepExecution partition = startingPartition(GROUP);
		try (RunLock.Held other = this.runLock.tryAcquire(GROUP, LOGS_0).orElseThrow()) {

			// when
			Optional<PartitionClaims.Claim> claim = claims(GROUP).claim(request(partition), () -> false);

			// then
			assertThat(claim).isEmpty();
			StepExecution refused = this.jobRepository.getStepExecution(partition.getId());
			assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(refused.getExitStatus().getExitDescription()).contains("another worker still held");
		}
	}

	@Test
	void aRequestOfAnotherGroupIsLeftAlone() throws Exception {
		// given
		StepExecution partition = startingPartition("other-group");

		// when
		Optional<PartitionClaims.Claim> claim = claims(GROUP).claim(request(partition), () -> false);

		// then
		assertThat(claim).isEmpty();
		assertThat(this.jobRepository.getStepExecution(partition.getId()).getStatus())
			.isEqualTo(BatchStatus.STARTING);
	}

	private PartitionClaims claims(String groupId) {
		return new PartitionClaims(this.jobRepository, this.runLock, groupId, Duration.ofSeconds(1));
	}

	private StepExecution startingPartition(String groupId) {
		JobParameters parameters = new JobParametersBuilder().addString("group", groupId)
			.addLong("run.started", System.nanoTime())
			.toJobParameters();
		JobInstance instance = this.jobRepository.createJobInstance("ingest", parameters);
		JobExecution run = this.jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		StepExecution partition = this.jobRepository
			.createStepExecution(IngestSteps.PARTITION_STEP_NAME + ":" + LOGS_0, run);
		partition.getExecutionContext().putString("topic", LOGS_0.topic());
		partition.getExecutionContext().putInt("partition", LOGS_0.partition());
		this.jobRepository.updateExecutionContext(partition);
		return partition;
	}

	private static StepExecutionRequest request(StepExecution partition) {
		return new StepExecutionRequest(IngestSteps.PARTITION_STEP_NAME, partition.getId());
	}

}
