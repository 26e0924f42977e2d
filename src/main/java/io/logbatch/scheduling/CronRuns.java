package io.logbatch.scheduling;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.LogbatchProperties;
import io.logbatch.report.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The {@code schedule} command's loop: a run at every time {@code logbatch.schedule.cron}
 * names, in the JVM's time zone. Runs never overlap: the next time is the first one after the
 * previous run ended (times missed while it ran are skipped), and a run whose group lock
 * another process holds is skipped. A failed run is logged and the schedule goes on.
 */
@Component
public class CronRuns {

	private static final Logger logger = LoggerFactory.getLogger(CronRuns.class);

	private final ExclusiveRuns runs;

	private final GracefulStop gracefulStop;

	private final CronExpression cron;

	private final String groupId;

	private final Delivery delivery;

	CronRuns(ExclusiveRuns runs, GracefulStop gracefulStop, LogbatchProperties properties) {
		this.runs = runs;
		this.gracefulStop = gracefulStop;
		this.cron = CronExpression.parse(properties.schedule().cron());
		this.groupId = properties.groupId();
		this.delivery = properties.delivery();
	}

	/** Runs on the schedule until a graceful stop is requested; the current run stops first. */
	public void serve() throws InterruptedException {
		logger.info("Scheduling runs of group '{}' on '{}'", this.groupId, this.cron);
		while (!this.gracefulStop.isRequested()) {
			ZonedDateTime now = ZonedDateTime.now();
			ZonedDateTime next = this.cron.next(now);
			if (next == null) {
				logger.warn("The cron expression '{}' names no future time; no more runs", this.cron);
				this.gracefulStop.await(Duration.ofMillis(Long.MAX_VALUE));
				return;
			}
			logger.info("Next run at {}", next);
			if (this.gracefulStop.await(Duration.between(now, next))) {
				return;
			}
			runOnce();
		}
	}

	private void runOnce() {
		try {
			Optional<JobExecution> execution = this.runs.run();
			if (execution.isEmpty()) {
				logger.info("Skipped: another run of group '{}' holds the run lock", this.groupId);
				return;
			}
			RunSummary summary = RunSummary.of(execution.get(), this.delivery);
			logger.info(summary.describe());
			if (!summary.filteredByRule().isEmpty()) {
				logger.info("  filtered by rule: {}", summary.describeFilteredByRule());
			}
			execution.get().getAllFailureExceptions().forEach((failure) -> logger.warn("  failure: {}", failure.toString()));
		}
		catch (Exception ex) {
			logger.error("Run of group '{}' could not start or end: {}", this.groupId, ex.toString());
		}
	}

}
