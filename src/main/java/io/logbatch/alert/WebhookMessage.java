package io.logbatch.alert;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

import io.logbatch.report.IngestExecutions;
import io.logbatch.report.RunSummary;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;

/**
 * The JSON run summary the alert webhook receives; times carry the JVM's offset.
 *
 * @param lost records that retention deleted before the run could read them
 * @param deadLetters dead letters by source topic, then by reason
 * @param filteredByRule events the processing rules dropped, by source topic, then by rule
 * @param lag records left after the group's stored offsets when the run ended; null if unknown
 */
record WebhookMessage(long executionId, String group, String status, @Nullable OffsetDateTime start,
		@Nullable OffsetDateTime end, long read, long written, long duplicates, long filtered, long deadLettered,
		long dropped, long lost, Map<String, Map<String, Long>> deadLetters,
		Map<String, Map<String, Long>> filteredByRule, long recordsPerSecond, @Nullable Long lag) {

	static WebhookMessage of(JobExecution execution, RunSummary summary) {
		return new WebhookMessage(summary.executionId(), IngestExecutions.groupOf(execution), summary.status(),
				offset(execution.getStartTime()), offset(execution.getEndTime()), summary.read(), summary.written(),
				summary.duplicates(), summary.filtered(), summary.deadLettered(), summary.dropped(),
				summary.lost(), summary.deadLetters(), summary.filteredByRule(), summary.recordsPerSecond(),
				summary.lag());
	}

	private static @Nullable OffsetDateTime offset(@Nullable LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toOffsetDateTime() : null;
	}

}
