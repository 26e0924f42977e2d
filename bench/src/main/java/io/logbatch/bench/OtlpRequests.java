package io.logbatch.bench;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Corpus events as the OpenTelemetry Collector's Kafka exporter writes them: one
 * {@code ExportLogsServiceRequest} per record, in {@code otlp_proto} or {@code otlp_json} encoding.
 * <p>
 * A request groups its log records as the Collector's batch processor does: one {@code ResourceLogs} per
 * service instance (resource attributes {@code service.name}, {@code host.name} and the Java SDK's
 * {@code telemetry.sdk.*}), one {@code ScopeLogs} per logger (the Java agent's log appenders name the
 * scope after the logger). A log record carries the event's time, the producer's send time as its observed
 * time, severity number and text, the message as a string body, trace and span ids, the sampled flag, and
 * attributes: {@code log.record.uid} (the event id), {@code http.request.method},
 * {@code http.response.status_code}, {@code url.path} and {@code duration_ms}.
 * <p>
 * OTLP/JSON follows the OTLP specification's JSON encoding: lowerCamelCase names, trace and span ids as
 * lowercase hex, 64-bit integers as decimal strings, enums as numbers.
 */
final class OtlpRequests {

	private static final JsonFactory JSON = new JsonFactory();

	private static final HexFormat HEX = HexFormat.of();

	private OtlpRequests() {
	}

	/** One request holding the events' log records, in order within each resource and scope. */
	static ExportLogsServiceRequest request(List<CorpusEvent> events) {
		Map<String, Map<String, ScopeLogs.Builder>> resources = new LinkedHashMap<>();
		Map<String, CorpusEvent> firstOfResource = new LinkedHashMap<>();
		for (CorpusEvent event : events) {
			firstOfResource.putIfAbsent(event.host(), event);
			resources.computeIfAbsent(event.host(), (host) -> new LinkedHashMap<>())
				.computeIfAbsent(event.logger(),
						(logger) -> ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName(logger)))
				.addLogRecords(logRecord(event));
		}
		ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
		resources.forEach((host, scopes) -> {
			ResourceLogs.Builder resourceLogs = ResourceLogs.newBuilder()
				.setResource(resource(firstOfResource.get(host)));
			scopes.values().forEach(resourceLogs::addScopeLogs);
			request.addResourceLogs(resourceLogs);
		});
		return request.build();
	}

	/** The {@code otlp_proto} encoding: the request's protobuf bytes. */
	static byte[] proto(ExportLogsServiceRequest request) {
		return request.toByteArray();
	}

	/** The {@code otlp_json} encoding. */
	static byte[] json(ExportLogsServiceRequest request) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
		try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeName("resourceLogs");
			json.writeStartArray();
			for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
				json.writeStartObject();
				json.writeName("resource");
				json.writeStartObject();
				writeAttributes(json, resourceLogs.getResource().getAttributesList());
				json.writeEndObject();
				json.writeName("scopeLogs");
				json.writeStartArray();
				for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
					writeScopeLogs(json, scopeLogs);
				}
				json.writeEndArray();
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeScopeLogs(JsonGenerator json, ScopeLogs scopeLogs) {
		json.writeStartObject();
		json.writeName("scope");
		json.writeStartObject();
		json.writeName("name");
		json.writeString(scopeLogs.getScope().getName());
		json.writeEndObject();
		json.writeName("logRecords");
		json.writeStartArray();
		for (LogRecord record : scopeLogs.getLogRecordsList()) {
			json.writeStartObject();
			json.writeName("timeUnixNano");
			json.writeString(Long.toUnsignedString(record.getTimeUnixNano()));
			json.writeName("observedTimeUnixNano");
			json.writeString(Long.toUnsignedString(record.getObservedTimeUnixNano()));
			json.writeName("severityNumber");
			json.writeNumber(record.getSeverityNumberValue());
			json.writeName("severityText");
			json.writeString(record.getSeverityText());
			json.writeName("body");
			writeValue(json, record.getBody());
			writeAttributes(json, record.getAttributesList());
			json.writeName("flags");
			json.writeNumber(record.getFlags());
			json.writeName("traceId");
			json.writeString(HEX.formatHex(record.getTraceId().toByteArray()));
			json.writeName("spanId");
			json.writeString(HEX.formatHex(record.getSpanId().toByteArray()));
			json.writeEndObject();
		}
		json.writeEndArray();
		json.writeEndObject();
	}

	private static void writeAttributes(JsonGenerator json, List<KeyValue> attributes) {
		json.writeName("attributes");
		json.writeStartArray();
		for (KeyValue attribute : attributes) {
			json.writeStartObject();
			json.writeName("key");
			json.writeString(attribute.getKey());
			json.writeName("value");
			writeValue(json, attribute.getValue());
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private static void writeValue(JsonGenerator json, AnyValue value) {
		json.writeStartObject();
		switch (value.getValueCase()) {
			case STRING_VALUE -> {
				json.writeName("stringValue");
				json.writeString(value.getStringValue());
			}
			case INT_VALUE -> {
				json.writeName("intValue");
				json.writeString(Long.toString(value.getIntValue()));
			}
			default -> throw new IllegalArgumentException("the corpus writes no " + value.getValueCase());
		}
		json.writeEndObject();
	}

	private static Resource resource(CorpusEvent event) {
		return Resource.newBuilder()
			.addAttributes(string("service.name", event.service()))
			.addAttributes(string("host.name", event.host()))
			.addAttributes(string("telemetry.sdk.language", "java"))
			.addAttributes(string("telemetry.sdk.name", "opentelemetry"))
			.addAttributes(string("telemetry.sdk.version", "1.44.1"))
			.build();
	}

	private static LogRecord logRecord(CorpusEvent event) {
		return LogRecord.newBuilder()
			.setTimeUnixNano(epochNanos(event.occurredAt()))
			.setObservedTimeUnixNano(epochNanos(event.publishedAt()))
			.setSeverityNumber(severity(event.level()))
			.setSeverityText(event.level())
			.setBody(AnyValue.newBuilder().setStringValue(event.message()))
			.addAttributes(string("log.record.uid", event.eventId()))
			.addAttributes(string("http.request.method", event.method()))
			.addAttributes(integer("http.response.status_code", event.status()))
			.addAttributes(string("url.path", event.path()))
			.addAttributes(integer("duration_ms", event.durationMs()))
			// W3C trace flags: sampled
			.setFlags(1)
			.setTraceId(ByteString.copyFrom(HEX.parseHex(event.traceId())))
			.setSpanId(ByteString.copyFrom(HEX.parseHex(event.spanId())))
			.build();
	}

	private static SeverityNumber severity(String level) {
		return switch (level) {
			case "DEBUG" -> SeverityNumber.SEVERITY_NUMBER_DEBUG;
			case "WARN" -> SeverityNumber.SEVERITY_NUMBER_WARN;
			case "ERROR" -> SeverityNumber.SEVERITY_NUMBER_ERROR;
			default -> SeverityNumber.SEVERITY_NUMBER_INFO;
		};
	}

	private static KeyValue string(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	private static KeyValue integer(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
