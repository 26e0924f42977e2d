package io.logbatch.scheduling;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.report.IngestExecutions;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/**
 * Executions that the metadata shows running although no process runs them: their process was
 * killed, or lost its database, before it could record the end. Every live run holds its
 * group's {@link RunLock}, so a running execution whose group lock is free, or any running
 * execution seen by the holder of that lock before it starts, is stale. Recovering marks it
 * FAILED, with its running partitions, so that {@code restart} resumes it and nothing waits on
 * it; but not while {@code worker} processes still run its partitions.
 */
@Component
public class StaleExecutions {

	private static final Logger logger = LoggerFactory.getLogger(StaleExecutions.class);

	private final IngestExecutions executions;

	private final RunLock runLock;

	private final JobOperator jobOperator;

	StaleExecutions(IngestExecutions executions, RunLock runLock, JobOperator jobOperator) {
		this.executions = executions;
		this.runLock = runLock;
		this.jobOperator = jobOperator;
	}

	/**
	 * Marks the group's running executions FAILED, unless a {@code worker} process still holds
	 * one of their partitions: a remote run's manager that is gone leaves its workers going on
	 * to the end of their ranges, and no run of the group may start before they end, else two
	 * processes would read and write one Kafka partition. The caller holds the group's lock.
	 * @return the partitions that workers still hold; empty when there were none and every
	 * running execution is FAILED now
	 */
	List<TopicPartition> recover(String groupId) throws SQLException {
		List<JobExecution> stale = this.executions.running(groupId);
		List<TopicPartition> partitions = stale.stream()
			.flatMap((execution) -> execution.getStepExecutions().stream())
			.filter((step) -> step.getStatus().isRunning() && IngestSteps.isPartition(step))
			.map(IngestSteps::partitionOf)
			.distinct()
			.toList();
		List<TopicPartition> held = heldByWorkers(groupId, partitions);
		if (!held.isEmpty()) {
			return held;
		}
		for (JobExecution execution : stale) {
			logger.warn("Execution {} of group '{}' was left {} by a process that is gone; marking it FAILED "
					+ "('restart {}' resumes it)", execution.getId(), groupId, execution.getStatus(),
					execution.getId());
			this.jobOperator.recover(execution);
		}
		// a worker takes a partition's lock before it marks it STARTED: one that claimed a partition
		// just before it was marked FAILED holds the lock now, and goes on with it
		return heldByWorkers(groupId, partitions);
	}

	private List<TopicPartition> heldByWorkers(String groupId, List<TopicPartition> partitions) throws SQLException {
		List<TopicPartition> held = new ArrayList<>();
		for (TopicPartition partition : partitions) {
			if (this.runLock.isHeld(groupId, partition)) {
				held.add(partition);
			}
		}
		return held;
	}

	/**
	 * Whether an execution shows as running with no live process behind it. Reads only: a
	 * momentarily free lock between two runs may show a run that just ended as stale.
	 */
	public boolean isStale(JobExecution execution) throws SQLException {
		return execution.getStatus().isRunning() && !this.runLock.isHeld(IngestExecutions.groupOf(execution));
	}

	/**
	 * Recovers a running execution if it is stale, taking its group's lock to be sure no run
	 * is live; returns the recovered execution, or empty when a live run holds the lock or
	 * workers still run partitions of the group's running executions.
	 */
	Optional<JobExecution> recoverIfStale(JobExecution execution) throws SQLException {
		String groupId = IngestExecutions.groupOf(execution);
		Optional<RunLock.Held> lock = this.runLock.tryAcquire(groupId);
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLock.Held held = lock.get()) {
			if (!recover(groupId).isEmpty()) {
				return Optional.empty(); // its partitions are still running on workers
			}
			return this.executions.find(execution.getId());
		}
	}

}
