package io.logbatch.scheduling;

import io.logbatch.report.IngestExecutions;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Stops and abandons executions from any process. An execution that shows as running but whose
 * process is gone is recovered first (marked FAILED), so that an admin never edits the
 * metadata tables by hand.
 */
@Component
public class ExecutionControl {

	private final IngestExecutions executions;

	private final StaleExecutions staleExecutions;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	ExecutionControl(IngestExecutions executions, StaleExecutions staleExecutions, JobOperator jobOperator,
			JobRepository jobRepository) {
		this.executions = executions;
		this.staleExecutions = staleExecutions;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	/**
	 * Asks a running execution to stop at its next chunk boundary, and returns at once. Its
	 * process ends it as STOPPED. A stale execution is marked FAILED instead.
	 * @return the execution as it is now: STOPPING, or FAILED if it was stale
	 */
	public JobExecution stop(long executionId) throws Exception {
		JobExecution execution = existing(executionId);
		if (!execution.getStatus().isRunning()) {
			throw new ExecutionStateException("execution " + executionId + " is " + execution.getStatus()
					+ ", not running; there is nothing to stop");
		}
		if (execution.getStatus() == BatchStatus.STOPPING) {
			return execution;
		}
		var recovered = this.staleExecutions.recoverIfStale(execution);
		if (recovered.isPresent()) {
			return recovered.get();
		}
		StopRequest.send(this.jobRepository, execution);
		return existing(executionId);
	}

	/**
	 * Marks a FAILED or STOPPED execution ABANDONED: it is not restarted, by
	 * {@code restart --last-failed} either. Its records are not lost: the next run reads from
	 * the stored offsets. A stale execution is recovered first.
	 */
	public JobExecution abandon(long executionId) throws Exception {
		JobExecution execution = existing(executionId);
		if (execution.getStatus().isRunning()) {
			execution = this.staleExecutions.recoverIfStale(execution)
				.orElseThrow(() -> new ExecutionStateException("execution " + executionId
						+ " is running; stop it first ('stop " + executionId + "'), then abandon it"));
		}
		if (execution.getStatus() == BatchStatus.ABANDONED) {
			return execution;
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			throw new ExecutionStateException("execution " + executionId
					+ " is COMPLETED; only FAILED or STOPPED executions are abandoned");
		}
		return this.jobOperator.abandon(execution);
	}

	private JobExecution existing(long executionId) {
		return this.executions.find(executionId).orElseThrow(() -> ExecutionStateException.noSuch(executionId));
	}

}
