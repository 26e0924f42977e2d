package io.logbatch.remote;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.report.IngestExecutions;
import io.logbatch.scheduling.RunLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * While a run's partitions are out with workers, finds those that no live worker will finish
 * and marks them FAILED, so that the run ends and {@code restart} resumes them:
 * <ul>
 * <li>a STARTED partition whose partition lock no session holds: a worker takes the lock
 * before it marks the partition STARTED and releases it only after recording how the
 * partition ended, so its worker was killed or lost its PostgreSQL session;</li>
 * <li>STARTING partitions, once no worker has served the group for
 * {@code logbatch.remote.worker-timeout}: their requests wait on the topic for nobody.</li>
 * </ul>
 * A change by the worker in between wins: the repository's version check fails the update.
 */
final class LostPartitions {

	private static final Logger logger = LoggerFactory.getLogger(LostPartitions.class);

	private final JobRepository jobRepository;

	private final RunLock runLock;

	private final WorkerGroup workerGroup;

	private final Duration workerTimeout;

	private final Duration interval;

	LostPartitions(JobRepository jobRepository, RunLock runLock, WorkerGroup workerGroup, Duration workerTimeout,
			Duration interval) {
		this.jobRepository = jobRepository;
		this.runLock = runLock;
		this.workerGroup = workerGroup;
		this.workerTimeout = workerTimeout;
		this.interval = interval;
	}

	/** Watches the partitions of a run until the returned watch is closed. */
	Watch watch(JobExecution jobExecution, Set<StepExecution> partitions) {
		return new Watch(jobExecution.getId(), IngestExecutions.groupOf(jobExecution),
				partitions.stream().map(StepExecution::getId).collect(Collectors.toSet()));
	}

	/** A watch over one run's partitions, checking on a thread of its own. */
	final class Watch implements AutoCloseable {

		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "logbatch-lost-partitions");
			thread.setDaemon(true);
			return thread;
		});

		private final long jobExecutionId;

		private final String groupId;

		private final Set<Long> partitionIds;

		private @Nullable Long noWorkerSince;

		private Watch(long jobExecutionId, String groupId, Set<Long> partitionIds) {
			this.jobExecutionId = jobExecutionId;
			this.groupId = groupId;
			this.partitionIds = partitionIds;
			long millis = LostPartitions.this.interval.toMillis();
			this.timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
		}

		private void checkQuietly() {
			try {
				check();
			}
			catch (RuntimeException | SQLException ex) {
				logger.warn("Could not check run {} for partitions whose worker is gone: {}", this.jobExecutionId,
						ex.toString());
			}
		}

		private void check() throws SQLException {
			JobExecution run = LostPartitions.this.jobRepository.getJobExecution(this.jobExecutionId);
			if (run == null) {
				return;
			}
			boolean waiting = false;
			for (StepExecution partition : run.getStepExecutions()) {
				if (!this.partitionIds.contains(partition.getId())) {
					continue;
				}
				if (partition.getStatus() == BatchStatus.STARTED) {
					failIfWorkerGone(partition.getId());
				}
				else if (partition.getStatus() == BatchStatus.STARTING) {
					waiting = true;
				}
			}
			checkWaiting(run, waiting);
		}

		private void failIfWorkerGone(long partitionId) throws SQLException {
			StepExecution partition = LostPartitions.this.jobRepository.getStepExecution(partitionId);
			if (partition == null
					|| LostPartitions.this.runLock.isHeld(this.groupId, IngestSteps.partitionOf(partition))) {
				return;
			}
			// read again after the lock: a worker records the partition's end before releasing it
			StepExecution current = LostPartitions.this.jobRepository.getStepExecution(partitionId);
			if (current != null && current.getStatus() == BatchStatus.STARTED) {
				fail(current, "its worker " + Worker.nameOf(current) + " is gone (killed, or its PostgreSQL "
						+ "session ended) before the partition ended");
			}
		}

		private void checkWaiting(JobExecution run, boolean waiting) {
			if (!waiting || !LostPartitions.this.workerGroup.liveWorkers().isEmpty()) {
				this.noWorkerSince = null;
				return;
			}
			long now = System.nanoTime();
			if (this.noWorkerSince == null) {
				this.noWorkerSince = now;
				return;
			}
			if (now - this.noWorkerSince < LostPartitions.this.workerTimeout.toNanos()) {
				return;
			}
			for (StepExecution partition : run.getStepExecutions()) {
				if (this.partitionIds.contains(partition.getId()) && partition.getStatus() == BatchStatus.STARTING) {
					StepExecution current = LostPartitions.this.jobRepository.getStepExecution(partition.getId());
					if (current != null && current.getStatus() == BatchStatus.STARTING) {
						fail(current, "no worker served consumer group '" + LostPartitions.this.workerGroup
							.workerGroupId() + "' for " + LostPartitions.this.workerTimeout.toSeconds() + " s");
					}
				}
			}
		}

		private void fail(StepExecution partition, String reason) {
			// a worker that changed it meanwhile wins; looked at again at the next check
			if (FailedPartitions.markFailed(LostPartitions.this.jobRepository, partition, reason)) {
				logger.warn("Partition {} of run {} marked FAILED: {}; 'restart {}' resumes it",
						IngestSteps.partitionOf(partition), this.jobExecutionId, reason, this.jobExecutionId);
			}
		}

		@Override
		public void close() {
			this.timer.shutdownNow();
		}

	}

}
