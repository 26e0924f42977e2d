package io.logbatch.remote;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.report.IngestExecutions;
import io.logbatch.scheduling.RunLock;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Turns a partition request into a partition this worker, and no other, may process: the
 * request names a partition step of this worker's group that no one has started; the worker
 * takes the partition's lock (waiting a while for a worker that is still finishing an older
 * run's partition); then it marks the step execution STARTED, with the repository's version
 * check, before the request is acknowledged. A worker killed after that leaves a STARTED
 * partition without a lock, which the run marks FAILED. Thread-safe.
 */
final class PartitionClaims {

	private static final Logger logger = LoggerFactory.getLogger(PartitionClaims.class);

	private final JobRepository jobRepository;

	private final RunLock runLock;

	private final String groupId;

	private final Duration lockWait;

	PartitionClaims(JobRepository jobRepository, RunLock runLock, String groupId, Duration lockWait) {
		this.jobRepository = jobRepository;
		this.runLock = runLock;
		this.groupId = groupId;
		this.lockWait = lockWait;
	}

	/**
	 * Claims the partition a request names; empty when there is nothing to do for this worker
	 * (a repeated or stale request, another group's, one that failed meanwhile).
	 * @param stopping whether the worker is stopping, which ends a wait for the lock
	 * @throws SQLException if PostgreSQL cannot be asked: the request is then tried again
	 */
	Optional<Claim> claim(StepExecutionRequest request, BooleanSupplier stopping)
			throws SQLException, InterruptedException {
		StepExecution partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		if (partition == null || !IngestSteps.PARTITION_STEP_NAME.equals(request.getStepName())) {
			logger.warn("Ignoring {}: no such partition step", request);
			return Optional.empty();
		}
		String group = IngestExecutions.groupOf(partition.getJobExecution());
		if (!group.equals(this.groupId)) {
			logger.error("Ignoring {}: it is a partition of group '{}', not of this worker's group '{}'; each group "
					+ "needs a request topic of its own (logbatch.remote.request-topic)", request, group, this.groupId);
			return Optional.empty();
		}
		if (partition.getStatus() != BatchStatus.STARTING) {
			logger.info("Ignoring {}: the partition is {} already", request, partition.getStatus());
			return Optional.empty();
		}
		TopicPartition source = IngestSteps.partitionOf(partition);
		Optional<RunLock.Held> lock = awaitLock(source, stopping);
		if (lock.isEmpty()) {
			refuse(partition, "another worker still held partition " + source + " after " + this.lockWait.toSeconds()
					+ " s");
			return Optional.empty();
		}
		try {
			partition.setStatus(BatchStatus.STARTED);
			partition.setStartTime(LocalDateTime.now());
			this.jobRepository.update(partition);
			return Optional.of(new Claim(partition, lock.get()));
		}
		catch (OptimisticLockingFailureException ex) {
			lock.get().close();
			logger.info("Ignoring {}: the partition changed meanwhile (its run marked it FAILED)", request);
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			lock.get().close();
			throw ex;
		}
	}

	private Optional<RunLock.Held> awaitLock(TopicPartition source, BooleanSupplier stopping)
			throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + this.lockWait.toNanos();
		Optional<RunLock.Held> lock = this.runLock.tryAcquire(this.groupId, source);
		while (lock.isEmpty() && System.nanoTime() < deadline && !stopping.getAsBoolean()) {
			Thread.sleep(1000);
			lock = this.runLock.tryAcquire(this.groupId, source);
		}
		return lock;
	}

	private void refuse(StepExecution partition, String reason) {
		if (FailedPartitions.markFailed(this.jobRepository, partition, reason)) {
			logger.warn("Partition step {} marked FAILED: {}", partition.getId(), reason);
		}
	}

	/** A partition this worker holds: the step execution to run, and its lock. */
	record Claim(StepExecution partition, RunLock.Held lock) {
	}

}
