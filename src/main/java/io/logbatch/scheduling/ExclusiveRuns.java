package io.logbatch.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.logbatch.LogbatchProperties;
import io.logbatch.ingest.IngestRun;
import io.logbatch.report.IngestExecutions;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * Starts and restarts runs of the configured group one at a time: each takes the group's
 * {@link RunLock} first, or does not run at all, then marks executions a dead process left
 * running as FAILED (and does not run while worker processes still hold partitions of those),
 * then runs to its end and releases the lock. Should the lock's session end
 * during the run, the run stops at its next chunk boundary rather than go on unguarded.
 */
@Component
public class ExclusiveRuns {

	private static final Logger logger = LoggerFactory.getLogger(ExclusiveRuns.class);

	private static final Duration LOCK_CHECK_INTERVAL = Duration.ofSeconds(10);

	private final RunLock runLock;

	private final StaleExecutions staleExecutions;

	private final IngestExecutions executions;

	private final IngestRun ingestRun;

	private final GracefulStop gracefulStop;

	private final String groupId;

	ExclusiveRuns(RunLock runLock, StaleExecutions staleExecutions, IngestExecutions executions,
			IngestRun ingestRun, GracefulStop gracefulStop, LogbatchProperties properties) {
		this.runLock = runLock;
		this.staleExecutions = staleExecutions;
		this.executions = executions;
		this.ingestRun = ingestRun;
		this.gracefulStop = gracefulStop;
		this.groupId = properties.groupId();
	}

	/** A new bounded run; empty, at once, when another run of the group holds the lock. */
	public Optional<JobExecution> run() throws Exception {
		return underLock(this.ingestRun::run);
	}

	/**
	 * Restarts a FAILED or STOPPED execution of the configured group, or with a null id the
	 * group's newest one; empty, at once, when another run of the group holds the lock.
	 * @throws ExecutionStateException if there is no such execution to restart
	 */
	public Optional<JobExecution> restart(@Nullable Long executionId) throws Exception {
		if (executionId != null) {
			JobExecution named = existing(executionId);
			String group = IngestExecutions.groupOf(named);
			if (!group.equals(this.groupId)) {
				throw new ExecutionStateException("execution " + executionId + " is a run of group '" + group
						+ "', not of '" + this.groupId + "'; restart it with --logbatch.group-id=" + group);
			}
		}
		return underLock(() -> this.ingestRun.restart(restartable(executionId)));
	}

	private JobExecution restartable(@Nullable Long executionId) {
		JobExecution execution = (executionId != null) ? existing(executionId)
				: this.executions.lastRestartable(this.groupId)
					.orElseThrow(() -> new ExecutionStateException(
							"group '" + this.groupId + "' has no FAILED or STOPPED execution to restart"));
		if (!IngestExecutions.isRestartable(execution)) {
			throw new ExecutionStateException("execution " + execution.getId() + " is " + execution.getStatus()
					+ "; only FAILED or STOPPED executions restart");
		}
		this.executions.laterExecutionOfSameRun(execution).ifPresent((later) -> {
			throw new ExecutionStateException("execution " + execution.getId() + " was restarted already, as "
					+ "execution " + later.getId() + " (" + later.getStatus() + ")");
		});
		return execution;
	}

	private JobExecution existing(long executionId) {
		return this.executions.find(executionId).orElseThrow(() -> ExecutionStateException.noSuch(executionId));
	}

	private Optional<JobExecution> underLock(Work work) throws Exception {
		Optional<RunLock.Held> lock = this.runLock.tryAcquire(this.groupId);
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLock.Held held = lock.get();
				LockWatch watch = new LockWatch(held, LOCK_CHECK_INTERVAL, this::lockLost)) {
			List<TopicPartition> stillRunning = this.staleExecutions.recover(this.groupId);
			if (!stillRunning.isEmpty()) {
				logger.warn("Worker processes still run partitions {} of an earlier run of group '{}' whose manager "
						+ "is gone; this run starts once they have ended ('stop' of that execution ends them at "
						+ "their next chunk boundary)", stillRunning, this.groupId);
				return Optional.empty();
			}
			return Optional.of(work.run());
		}
	}

	private void lockLost() {
		this.gracefulStop.stopRunning("the PostgreSQL session holding the run lock of group '" + this.groupId
				+ "' ended, so another run of the group could start; 'restart' resumes this one");
	}

	@FunctionalInterface
	private interface Work {

		JobExecution run() throws Exception;

	}

}
