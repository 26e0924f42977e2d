package io.logbatch.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Prunes the store at the end of every completed run, after its status, end time and summary are
 * stored. A prune that does not finish (a partition still in use, an error of the database) logs one
 * ERROR line and leaves the run COMPLETED: its events and offsets are committed, a FAILED run would be
 * restarted for nothing and page whoever watches exit codes, and the next run's prune, or
 * {@code logbatch prune}, finishes the work. Events older than the retention are not stored meanwhile
 * (they are filtered as expired), so a late prune costs only disk space. A run that failed or stopped
 * is not pruned: its process is asked to end, or its database may be out of reach. A run with nothing
 * to prune asks PostgreSQL one question ({@link Retention#due()}) and takes no lock.
 */
class PruneAfterRun implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(PruneAfterRun.class);

	private final Retention retention;

	PruneAfterRun(Retention retention) {
		this.retention = retention;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		try {
			if (!this.retention.due()) {
				return;
			}
			PruneOutcome outcome = this.retention.prune();
			if (outcome.problem() != null) {
				logger.error("Prune after run {} stopped short: {}; 'logbatch prune' or the next run goes on",
						jobExecution.getId(), outcome.problem());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Prune after run {} failed: {}; 'logbatch prune' or the next run tries again",
					jobExecution.getId(), ex.getMessage());
		}
	}

}
