package io.logbatch.parsing;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;

/**
 * Maps an OTLP {@code ExportLogsServiceRequest} to one event per log record, in the request's order; both
 * encodings ({@link OtlpParser}) come through here, so they cannot map differently.
 * <ul>
 * <li>occurred at: {@code timeUnixNano}, else {@code observedTimeUnixNano}, else the Kafka record
 * timestamp (0 is unset in OTLP);</li>
 * <li>level: {@code severityText} normalized by {@link Levels}, else from {@code severityNumber} (1-4 TRACE,
 * 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL), else INFO;</li>
 * <li>message: the body, a string as it is and any other value as its JSON text ({@link OtlpValues});</li>
 * <li>trace id: {@code traceId} as lowercase hex, absent when empty or all zeros (OTLP's invalid id);</li>
 * <li>service and host: the resource's string attributes {@code service.name} and {@code host.name};</li>
 * <li>event id: the log record's attribute {@code log.record.uid} (a non-empty string or an int), else
 * {@code logbatch.event-id.fallback}: the SHA-256 of the value bytes followed by the log record's index in
 * the request (counted across resources and scopes from 0, as a 4-byte big-endian int), so a re-delivery of
 * the same bytes gives each event its id again;</li>
 * <li>published at: the Kafka record timestamp;</li>
 * <li>attributes: {@code {"attributes": {log record attributes}, "spanId": hex, "flags": n, "eventName":
 * "...", "droppedAttributesCount": n, "resource": {resource attributes}, "scope": {"name": "...",
 * "version": "...", "attributes": {...}}}}, each member only when it is not empty or zero, and null when
 * all are. Each kind of attribute has an object of its own, so that none can overwrite another (a log
 * attribute {@code scope} or {@code spanId}, as MDC copies write, is not the envelope's). The values taken
 * for columns ({@code log.record.uid}, {@code service.name}, {@code host.name}) are not repeated.</li>
 * </ul>
 * A trace id that is neither 0 nor 16 bytes, or a span id neither 0 nor 8, makes the request
 * {@code no-match}, as the Collector's own decoder rejects it. Immutable and thread-safe.
 */
final class OtlpEvents {

	private static final String EVENT_ID = "log.record.uid";

	private static final String SERVICE = "service.name";

	private static final String HOST = "host.name";

	private static final String[] SEVERITIES = { "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL" };

	private static final HexFormat HEX = HexFormat.of();

	private final EventIdFallback fallback;

	OtlpEvents(EventIdFallback fallback) {
		this.fallback = fallback;
	}

	/** The events of a request read from {@code value}, the bytes of {@code record}. */
	List<LogEvent> events(ExportLogsServiceRequest request, byte[] value, ConsumerRecord<byte[], byte[]> record) {
		Instant recordTime = Instant.ofEpochMilli(record.timestamp());
		List<LogEvent> events = new ArrayList<>();
		OtlpContentHash hash = new OtlpContentHash(value);
		for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
			Resource resource = resource(resourceLogs.getResource().getAttributesList());
			for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
				@Nullable String scope = scope(scopeLogs.getScope());
				for (LogRecord log : scopeLogs.getLogRecordsList()) {
					int uid = idAttribute(log.getAttributesList());
					events.add(new LogEvent(eventId(log, uid, hash, events.size()), occurredAt(log, recordTime),
							level(log), resource.service(), resource.host(), OtlpValues.text(log.getBody()),
							hex(log.getTraceId(), 16, "traceId"), attributes(log, uid, resource.json(), scope),
							record.topic(), record.partition(), record.offset(), recordTime));
				}
			}
		}
		return events;
	}

	private String eventId(LogRecord log, int uid, OtlpContentHash hash, int index) {
		if (uid >= 0) {
			AnyValue id = log.getAttributes(uid).getValue();
			String text = id.hasIntValue() ? Long.toString(id.getIntValue()) : id.getStringValue();
			return LogEventParser.checkedEventId(EVENT_ID, text);
		}
		if (this.fallback == EventIdFallback.REJECT) {
			throw new InvalidRecordException(InvalidRecordException.Reason.MISSING_EVENT_ID,
					"log record " + index + " has no attribute " + EVENT_ID + " holding a non-empty string or an int");
		}
		return hash.of(index);
	}

	/** The index of the usable {@code log.record.uid}, or -1. */
	private static int idAttribute(List<KeyValue> attributes) {
		for (int i = 0; i < attributes.size(); i++) {
			KeyValue attribute = attributes.get(i);
			if (EVENT_ID.equals(attribute.getKey())) {
				AnyValue value = attribute.getValue();
				if (value.hasIntValue() || (value.hasStringValue() && !value.getStringValue().isEmpty())) {
					return i;
				}
			}
		}
		return -1;
	}

	private static Instant occurredAt(LogRecord log, Instant recordTime) {
		long nanos = (log.getTimeUnixNano() != 0) ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
		if (nanos == 0) {
			return recordTime;
		}
		// fixed64 is unsigned: times after 2262 do not fit a signed long
		return Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
				Long.remainderUnsigned(nanos, 1_000_000_000L));
	}

	private static String level(LogRecord log) {
		String text = log.getSeverityText();
		if (!text.isBlank()) {
			return Levels.normalize(StorableText.replaceUnstorable(text));
		}
		int number = log.getSeverityNumberValue();
		return (number >= 1 && number <= 24) ? SEVERITIES[(number - 1) / 4] : Levels.DEFAULT;
	}

	/** Lowercase hex of an id, null when it is empty or all zeros; any other length is not OTLP. */
	private static @Nullable String hex(ByteString id, int length, String name) {
		if (id.isEmpty()) {
			return null;
		}
		if (id.size() != length) {
			throw new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH,
					"not OTLP: a " + name + " has " + id.size() + " bytes, OTLP's have " + length);
		}
		for (int i = 0; i < length; i++) {
			if (id.byteAt(i) != 0) {
				return HEX.formatHex(id.toByteArray());
			}
		}
		return null;
	}

	/** The attributes object of one log record, leaving out its attribute at {@code taken}. */
	private static @Nullable String attributes(LogRecord log, int taken, @Nullable String resource,
			@Nullable String scope) {
		List<KeyValue> attributes = log.getAttributesList();
		String spanId = hex(log.getSpanId(), 8, "spanId");
		boolean hasAttributes = attributes.size() > ((taken >= 0) ? 1 : 0);
		if (!hasAttributes && spanId == null && log.getFlags() == 0 && log.getEventName().isEmpty()
				&& log.getDroppedAttributesCount() == 0 && resource == null && scope == null) {
			return null;
		}
		StringWriter out = new StringWriter(256);
		try (JsonGenerator generator = OtlpValues.generator(out)) {
			generator.writeStartObject();
			if (hasAttributes) {
				generator.writeName("attributes");
				generator.writeStartObject();
				OtlpValues.writeMembers(generator, attributes, taken);
				generator.writeEndObject();
			}
			if (spanId != null) {
				generator.writeStringProperty("spanId", spanId);
			}
			if (log.getFlags() != 0) {
				generator.writeNumberProperty("flags", Integer.toUnsignedLong(log.getFlags()));
			}
			if (!log.getEventName().isEmpty()) {
				generator.writeStringProperty("eventName", StorableText.replaceUnstorable(log.getEventName()));
			}
			if (log.getDroppedAttributesCount() != 0) {
				generator.writeNumberProperty("droppedAttributesCount",
						Integer.toUnsignedLong(log.getDroppedAttributesCount()));
			}
			writeRaw(generator, "resource", resource);
			writeRaw(generator, "scope", scope);
			generator.writeEndObject();
		}
		return out.toString();
	}

	private static void writeRaw(JsonGenerator generator, String name, @Nullable String json) {
		if (json != null) {
			generator.writeName(name);
			generator.writeRawValue(json);
		}
	}

	/** What every log record of one resource shares, worked out once per resource. */
	private static Resource resource(List<KeyValue> attributes) {
		int service = stringAttribute(attributes, SERVICE);
		int host = stringAttribute(attributes, HOST);
		String json = null;
		int rest = attributes.size() - ((service >= 0) ? 1 : 0) - ((host >= 0) ? 1 : 0);
		if (rest > 0) {
			StringWriter out = new StringWriter(256);
			try (JsonGenerator generator = OtlpValues.generator(out)) {
				generator.writeStartObject();
				for (int i = 0; i < attributes.size(); i++) {
					if (i != service && i != host) {
						OtlpValues.writeMember(generator, attributes.get(i));
					}
				}
				generator.writeEndObject();
			}
			json = out.toString();
		}
		return new Resource(text(attributes, service), text(attributes, host), json);
	}

	/** The scope object shared by the log records of one scope, or null when the scope is empty. */
	private static @Nullable String scope(InstrumentationScope scope) {
		if (scope.getName().isEmpty() && scope.getVersion().isEmpty() && scope.getAttributesCount() == 0) {
			return null;
		}
		StringWriter out = new StringWriter(128);
		try (JsonGenerator generator = OtlpValues.generator(out)) {
			generator.writeStartObject();
			if (!scope.getName().isEmpty()) {
				generator.writeStringProperty("name", StorableText.replaceUnstorable(scope.getName()));
			}
			if (!scope.getVersion().isEmpty()) {
				generator.writeStringProperty("version", StorableText.replaceUnstorable(scope.getVersion()));
			}
			if (scope.getAttributesCount() > 0) {
				generator.writeName("attributes");
				OtlpValues.writeObject(generator, scope.getAttributesList());
			}
			generator.writeEndObject();
		}
		return out.toString();
	}

	private static int stringAttribute(List<KeyValue> attributes, String key) {
		for (int i = 0; i < attributes.size(); i++) {
			if (key.equals(attributes.get(i).getKey()) && attributes.get(i).getValue().hasStringValue()) {
				return i;
			}
		}
		return -1;
	}

	private static @Nullable String text(List<KeyValue> attributes, int index) {
		return (index >= 0) ? StorableText.replaceUnstorable(attributes.get(index).getValue().getStringValue()) : null;
	}

	/** The service, host and remaining attributes (as a JSON object, null when none) of one resource. */
	private record Resource(@Nullable String service, @Nullable String host, @Nullable String json) {
	}

}
