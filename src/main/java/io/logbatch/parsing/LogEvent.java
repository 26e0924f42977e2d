package io.logbatch.parsing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One normalized log event, ready to be stored as a row of {@code log_event}.
 *
 * @param eventId the event id, or the content hash when the record had none
 * @param occurredAt when the event happened
 * @param level TRACE, DEBUG, INFO, WARN, ERROR, FATAL, or any other level upper-cased
 * @param attributes every field that is not one of the named ones, as a JSON object text;
 * {@code null} when there is none
 * @param publishedAt the version stamp that decides upserts
 */
public record LogEvent(String eventId, Instant occurredAt, String level, @Nullable String service,
		@Nullable String host, @Nullable String message, @Nullable String traceId, @Nullable String attributes,
		String sourceTopic, int sourcePartition, long sourceOffset, Instant publishedAt) {
}
