package io.logbatch.alert;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.report.RunSummary;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Reports a run that dead-lettered or lost records when it ends, whatever its status: for dead
 * letters, one ERROR line
 * with the counts per topic and reason, such as
 * <pre>
 * Run 12 dead-lettered 7 records: audit: sqlstate-23514 3; logs: not-json-object 3, bad-timestamp 1
 * </pre>
 * and, when {@code logbatch.alert.webhook-url} is set, the run summary as JSON to that
 * webhook. A webhook that still fails after its attempts is logged and never fails the run.
 * Thread-safe.
 */
public class DeadLetterAlert implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterAlert.class);

	private final Delivery delivery;

	private final @Nullable AlertWebhook webhook;

	/** @param webhook where the run summary goes; null for none */
	DeadLetterAlert(Delivery delivery, @Nullable AlertWebhook webhook) {
		this.delivery = delivery;
		this.webhook = webhook;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		RunSummary summary = RunSummary.of(jobExecution, this.delivery);
		if (summary.deadLettered() == 0 && summary.deadLetters().isEmpty() && summary.lost() == 0) {
			return;
		}
		if (summary.deadLettered() > 0 || !summary.deadLetters().isEmpty()) {
			// the loss has its ERROR lines already, one per partition, when the run starts
			logger.error(describe(summary));
		}
		if (this.webhook != null) {
			this.webhook.send(WebhookMessage.of(jobExecution, summary));
		}
	}

	/** The alert line: the dead letters per topic, then per reason, the most frequent first. */
	static String describe(RunSummary summary) {
		String counts = RunSummary.countsByTopic(summary.deadLetters());
		return "Run " + summary.executionId() + " dead-lettered " + summary.deadLettered() + " records"
				+ (counts.isEmpty() ? "" : ": " + counts);
	}

}
