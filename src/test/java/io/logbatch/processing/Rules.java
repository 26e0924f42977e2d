package io.logbatch.processing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Fixtures of the rule tests: rules bound as configuration binds them, and events as the parsers make them. */
final class Rules {

	private static final Instant TIME = Instant.parse("2025-06-01T02:00:00Z");

	private Rules() {
	}

	/** The rules of {@code logbatch.process.*} settings given as key, value, key, value, ... */
	static EventRules of(String... keysAndValues) {
		return EventRules.of(settings(keysAndValues));
	}

	static ProcessSettings settings(String... keysAndValues) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			settings.put("logbatch.process." + keysAndValues[i], keysAndValues[i + 1]);
		}
		return new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("logbatch", LogbatchProperties.class)
			.process();
	}

	static LogEvent event(String level, @Nullable String message, @Nullable String attributes) {
		return new LogEvent("e-1", TIME, level, "checkout", "web-1", message, null, attributes, "logs", 0, 0L, TIME);
	}

	static LogEvent event(String eventId, String level, String service, @Nullable String message,
			@Nullable String attributes) {
		return new LogEvent(eventId, TIME, level, service, "web-1", message, null, attributes, "logs", 0, 0L, TIME);
	}

	static ParsedRecord record(LogEvent... events) {
		return new ParsedRecord(new ConsumerRecord<>("logs", 0, 0L, null, null), List.of(events));
	}

	/** The one event the rules keep of a record of one event; fails when they drop it. */
	static LogEvent keep(EventRules rules, LogEvent event) {
		List<LogEvent> kept = rules.apply(record(event)).events();
		if (kept.size() != 1) {
			throw new AssertionError("dropped: " + event);
		}
		return kept.get(0);
	}

}
