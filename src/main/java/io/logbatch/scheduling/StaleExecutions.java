package io.logbatch.scheduling;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.logbatch.ingest.IngestExecutions;
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
 * it.
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

	/** Marks the group's running executions FAILED; the caller holds the group's lock. */
	List<JobExecution> recover(String groupId) {
		List<JobExecution> stale = this.executions.running(groupId);
		for (JobExecution execution : stale) {
			logger.warn("Execution {} of group '{}' was left {} by a process that is gone; marking it FAILED "
					+ "('restart {}' resumes it)", execution.getId(), groupId, execution.getStatus(),
					execution.getId());
			this.jobOperator.recover(execution);
		}
		return stale;
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
	 * is live; returns the recovered execution, or empty when a live run holds the lock.
	 */
	Optional<JobExecution> recoverIfStale(JobExecution execution) throws SQLException {
		String groupId = IngestExecutions.groupOf(execution);
		Optional<RunLock.Held> lock = this.runLock.tryAcquire(groupId);
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLock.Held held = lock.get()) {
			recover(groupId);
			return this.executions.find(execution.getId());
		}
	}

}
