package io.logbatch.cli;

import java.io.Flushable;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What {@code parse} prints, one line each, in UTF-8 whatever the platform's encoding:
 * <ul>
 * <li>an event as a JSON object with the columns of {@code log_event} that parsing fills, in the table's
 * order, each present ({@code null} when absent): {@code event_id}, {@code occurred_at}, {@code level},
 * {@code service}, {@code host}, {@code message}, {@code trace_id}, {@code attributes} (a JSON object),
 * {@code published_at}. Times are UTC in one ISO-8601 form with microseconds,
 * {@code 2003-10-11T22:14:15.003000Z}, rounded to microseconds as PostgreSQL rounds what the writer sends
 * it, so that a time reads as the store holds it;</li>
 * <li>{@code rejected: <reason>} for a record the job would dead-letter, with the reason a dead letter
 * carries;</li>
 * <li>{@code filtered: <rule>} for an event a processing rule dropped.</li>
 * </ul>
 * A line that starts with <code>{</code> is an event. Buffered until {@link #flush()}. Not thread-safe.
 */
final class ParseOutput implements Flushable {

	private static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator((String) null).build();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final JsonGenerator generator;

	/** @param out where the lines go; never closed here */
	ParseOutput(OutputStream out) {
		this.generator = JSON.createGenerator(ObjectWriteContext.empty(), out);
	}

	void event(LogEvent event) {
		this.generator.writeStartObject();
		this.generator.writeStringProperty("event_id", event.eventId());
		this.generator.writeStringProperty("occurred_at", time(event.occurredAt()));
		this.generator.writeStringProperty("level", event.level());
		this.generator.writeStringProperty("service", event.service());
		this.generator.writeStringProperty("host", event.host());
		this.generator.writeStringProperty("message", event.message());
		this.generator.writeStringProperty("trace_id", event.traceId());
		this.generator.writeName("attributes");
		attributes(event.attributes());
		this.generator.writeStringProperty("published_at", time(event.publishedAt()));
		this.generator.writeEndObject();
		this.generator.writeRaw('\n');
	}

	/** @param reason the reason a dead letter would carry; a line break in it is written {@code \n} */
	void rejected(String reason) {
		this.generator.writeRaw("rejected: " + reason.replace("\r", "\\r").replace("\n", "\\n") + "\n");
	}

	void filtered(String rule) {
		this.generator.writeRaw("filtered: " + rule + "\n");
	}

	@Override
	public void flush() {
		this.generator.flush();
	}

	/** The parser's JSON object text as it is, not read again: a JSON value in the line. */
	private void attributes(@Nullable String attributes) {
		if (attributes == null) {
			this.generator.writeNull();
		}
		else {
			this.generator.writeRawValue(attributes);
		}
	}

	/** An instant as {@code timestamptz} holds it, in the one form of these lines. */
	static String time(Instant instant) {
		return TIME.format(asStored(instant));
	}

	/**
	 * The instant that PostgreSQL stores from the nanoseconds that the writer sends as text: it reads the
	 * fraction with {@code strtod} and keeps {@code rint(fraction * 1000000)} microseconds (rounding half to
	 * even, on the double). Java's division is as exact as {@code strtod}, and {@link Math#rint} is
	 * {@code rint}.
	 */
	static Instant asStored(Instant instant) {
		int nanos = instant.getNano();
		if (nanos % 1000 == 0) {
			return instant;
		}
		long micros = (long) Math.rint(nanos / 1e9 * 1_000_000);
		return Instant.ofEpochSecond(instant.getEpochSecond(), micros * 1000);
	}

}
