package io.logbatch.processing;

import java.util.function.Function;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;

/**
 * The text columns of {@code log_event} that a drop rule can name, by their column names; any other name in
 * a rule is an attribute path.
 */
enum EventField {

	EVENT_ID("event_id", LogEvent::eventId),
	LEVEL("level", LogEvent::level),
	SERVICE("service", LogEvent::service),
	HOST("host", LogEvent::host),
	MESSAGE("message", LogEvent::message),
	TRACE_ID("trace_id", LogEvent::traceId);

	private final String column;

	private final Function<LogEvent, @Nullable String> value;

	EventField(String column, Function<LogEvent, @Nullable String> value) {
		this.column = column;
		this.value = value;
	}

	/** The field of a column name, exactly as the table names it, or null. */
	static @Nullable EventField named(String name) {
		for (EventField field : values()) {
			if (field.column.equals(name)) {
				return field;
			}
		}
		return null;
	}

	@Nullable String of(LogEvent event) {
		return this.value.apply(event);
	}

}
