package io.logbatch.parsing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one text line says, before the record adds its id, its source and the defaults of what the line
 * lacks. A field is {@code null} when the line does not say it, so that a JSON envelope can fill it
 * ({@link EnvelopeParser}) and a plain line gets the defaults ({@link LineParser}). Text is as the line
 * wrote it: characters PostgreSQL cannot store are replaced later.
 *
 * @param occurredAt when the event happened
 * @param level the level as the line writes it, or as its format derives it (syslog's PRI, an HTTP status)
 * @param attributes the line's other fields by name; possibly empty, never null
 */
record ParsedLine(@Nullable Instant occurredAt, @Nullable String level, @Nullable String service,
		@Nullable String host, @Nullable String message, @Nullable String traceId, @Nullable String eventId,
		@Nullable Instant publishedAt, JsonFields attributes) {
}
