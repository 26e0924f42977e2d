package io.logbatch.remote;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;

/**
 * Spring Batch's {@link MessageChannelPartitionHandler}, which sends one
 * {@code StepExecutionRequest} per partition and then polls the shared job repository until
 * every partition has ended, with what a run needs around it: the request topic exists, a
 * worker serves the group before any partition is created (else the run fails at once, having
 * changed nothing), the requests are spread over the live workers, and partitions whose
 * worker is gone are marked FAILED rather than waited for. One run at a time per process.
 */
final class RemotePartitionHandler extends MessageChannelPartitionHandler {

	private static final Logger logger = LoggerFactory.getLogger(RemotePartitionHandler.class);

	private static final Duration WAIT_STEP = Duration.ofSeconds(1);

	private final JobRepository jobRepository;

	private final WorkerGroup workerGroup;

	private final LostPartitions lostPartitions;

	private final Duration workerTimeout;

	private volatile @Nullable RequestPlacement placement;

	RemotePartitionHandler(JobRepository jobRepository, WorkerGroup workerGroup, LostPartitions lostPartitions,
			Duration workerTimeout) {
		this.jobRepository = jobRepository;
		this.workerGroup = workerGroup;
		this.lostPartitions = lostPartitions;
		this.workerTimeout = workerTimeout;
	}

	@Override
	public synchronized Collection<StepExecution> handle(StepExecutionSplitter stepSplitter,
			StepExecution managerStepExecution) throws Exception {
		int topicPartitions = this.workerGroup.ensureRequestTopic();
		List<List<Integer>> workers = awaitWorkers();
		logger.info("Run {}: {} worker(s) serve group '{}'; sending its partitions over '{}'",
				managerStepExecution.getJobExecutionId(), workers.size(), this.workerGroup.workerGroupId(),
				this.workerGroup.requestTopic());
		this.placement = new RequestPlacement(workers, topicPartitions);
		return super.handle(stepSplitter, managerStepExecution);
	}

	private List<List<Integer>> awaitWorkers() throws InterruptedException {
		long deadline = System.nanoTime() + this.workerTimeout.toNanos();
		List<List<Integer>> workers = this.workerGroup.liveWorkers();
		while (workers.isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new NoWorkerException("no worker serves group '" + this.workerGroup.workerGroupId()
						+ "' (consumer group of the request topic '" + this.workerGroup.requestTopic() + "'); start "
						+ "'worker' processes with the same logbatch.group-id, or run with --workers=local");
			}
			Thread.sleep(WAIT_STEP.toMillis());
			workers = this.workerGroup.liveWorkers();
		}
		return workers;
	}

	@Override
	protected Set<StepExecution> doHandle(StepExecution managerStepExecution,
			Set<StepExecution> partitionStepExecutions) throws Exception {
		try (LostPartitions.Watch watch = this.lostPartitions.watch(managerStepExecution.getJobExecution(),
				partitionStepExecutions)) {
			super.doHandle(managerStepExecution, partitionStepExecutions);
		}
		for (StepExecution partition : partitionStepExecutions) {
			StepExecution remote = this.jobRepository.getStepExecution(partition.getId());
			if (remote != null) {
				copy(remote, partition);
			}
		}
		return partitionStepExecutions;
	}

	/**
	 * Brings this process's copy of a partition, which the run's summary, alert and lag read,
	 * up to what its worker recorded in the job repository.
	 */
	private static void copy(StepExecution from, StepExecution to) {
		to.setStatus(from.getStatus());
		to.setExitStatus(from.getExitStatus());
		to.setStartTime(from.getStartTime());
		to.setEndTime(from.getEndTime());
		to.setLastUpdated(from.getLastUpdated());
		to.setReadCount(from.getReadCount());
		to.setWriteCount(from.getWriteCount());
		to.setFilterCount(from.getFilterCount());
		to.setReadSkipCount(from.getReadSkipCount());
		to.setProcessSkipCount(from.getProcessSkipCount());
		to.setWriteSkipCount(from.getWriteSkipCount());
		to.setCommitCount(from.getCommitCount());
		to.setRollbackCount(from.getRollbackCount());
		to.setExecutionContext(from.getExecutionContext());
		to.setVersion(from.getVersion());
	}

	/** The request-topic partition of a request, by its sequence number in the run. */
	int partitionOf(int sequence) {
		RequestPlacement current = this.placement;
		if (current == null) {
			throw new IllegalStateException("no run is handing out partitions");
		}
		return current.partitionOf(sequence);
	}

	/** No worker process serves the group. */
	static final class NoWorkerException extends IllegalStateException {

		NoWorkerException(String message) {
			super(message);
		}

	}

}
