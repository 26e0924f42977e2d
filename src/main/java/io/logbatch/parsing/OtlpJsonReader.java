package io.logbatch.parsing;

import java.nio.CharBuffer;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import static io.logbatch.parsing.OtlpJsonScalars.base64;
import static io.logbatch.parsing.OtlpJsonScalars.decimal;
import static io.logbatch.parsing.OtlpJsonScalars.id;
import static io.logbatch.parsing.OtlpJsonScalars.noMatch;
import static io.logbatch.parsing.OtlpJsonScalars.severity;
import static io.logbatch.parsing.OtlpJsonScalars.signedLong;
import static io.logbatch.parsing.OtlpJsonScalars.string;
import static io.logbatch.parsing.OtlpJsonScalars.unsignedInt;
import static io.logbatch.parsing.OtlpJsonScalars.unsignedLong;
import static io.logbatch.parsing.OtlpJsonScalars.wrongType;

/**
 * Reads OTLP/JSON (the OTLP specification's "JSON Protobuf Encoding", which the Collector's {@code otlp_json}
 * writes) into the generated protobuf builders, in one streaming pass. OTLP/JSON is protobuf's JSON mapping
 * with deviations that a generic protobuf JSON parser gets wrong: {@code traceId} and {@code spanId} are hex,
 * not base64 (and a 32-digit hex string is valid base64, so it would be misread without an error). So this
 * reads as the Collector's own decoder does:
 * <ul>
 * <li>keys in lowerCamelCase or as the proto field names ({@code timeUnixNano}, {@code time_unix_nano});
 * unknown keys skipped, as the specification requires; a null value is an absent field;</li>
 * <li>64-bit integers as JSON numbers or decimal strings; {@code severityNumber} an int or its enum name;</li>
 * <li>{@code traceId} 32 and {@code spanId} 16 hex digits in either case, or empty;</li>
 * <li>{@code bytesValue} base64 (standard or URL-safe); {@code doubleValue} a number or {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}.</li>
 * </ul>
 * Anything else is {@code no-match}: malformed JSON, a field of the wrong JSON type, a bad number or id, and
 * an object that holds keys but no {@code resourceLogs}, which is a JSON log on a topic configured as OTLP
 * rather than an empty request. Thread-safe: the factory is immutable, the rest is per call.
 */
final class OtlpJsonReader {

	private static final JsonFactory FACTORY = new JsonFactory();

	private OtlpJsonReader() {
	}

	static ExportLogsServiceRequest read(CharBuffer text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text.array(),
				text.arrayOffset() + text.position(), text.remaining())) {
			ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
			boolean resourceLogs = false;
			boolean other = false;
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw noMatch("the value is not a JSON object");
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if (name.equals("resourceLogs") || name.equals("resource_logs")) {
					resourceLogs = true;
					for (boolean more = startArray(token, name); more && next(parser); ) {
						request.addResourceLogs(resourceLogs(parser));
					}
				}
				else {
					other = true;
					parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw noMatch("unexpected content after the JSON object");
			}
			if (!resourceLogs && other) {
				throw noMatch("the object has no resourceLogs");
			}
			return request.build();
		}
		catch (JacksonException ex) {
			throw noMatch("malformed JSON: " + ex.getOriginalMessage());
		}
	}

	private static ResourceLogs resourceLogs(JsonParser parser) {
		ResourceLogs.Builder resourceLogs = ResourceLogs.newBuilder();
		String name;
		for (boolean more = startObject(parser.currentToken(), "resourceLogs"); more
				&& (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "resource" -> resourceLogs.setResource(resource(parser, token));
				case "scopeLogs", "scope_logs" -> {
					for (boolean items = startArray(token, name); items && next(parser); ) {
						resourceLogs.addScopeLogs(scopeLogs(parser));
					}
				}
				case "schemaUrl", "schema_url" -> resourceLogs.setSchemaUrl(string(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return resourceLogs.build();
	}

	private static Resource resource(JsonParser parser, JsonToken start) {
		Resource.Builder resource = Resource.newBuilder();
		String name;
		for (boolean more = startObject(start, "resource"); more && (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "attributes" -> {
					for (boolean items = startArray(token, name); items && next(parser); ) {
						resource.addAttributes(keyValue(parser));
					}
				}
				case "droppedAttributesCount", "dropped_attributes_count" ->
					resource.setDroppedAttributesCount(unsignedInt(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return resource.build();
	}

	private static ScopeLogs scopeLogs(JsonParser parser) {
		ScopeLogs.Builder scopeLogs = ScopeLogs.newBuilder();
		String name;
		for (boolean more = startObject(parser.currentToken(), "scopeLogs"); more
				&& (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "scope" -> scopeLogs.setScope(scope(parser, token));
				case "logRecords", "log_records" -> {
					for (boolean items = startArray(token, name); items && next(parser); ) {
						scopeLogs.addLogRecords(logRecord(parser));
					}
				}
				case "schemaUrl", "schema_url" -> scopeLogs.setSchemaUrl(string(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return scopeLogs.build();
	}

	private static InstrumentationScope scope(JsonParser parser, JsonToken start) {
		InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
		String name;
		for (boolean more = startObject(start, "scope"); more && (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "name" -> scope.setName(string(parser, token, name));
				case "version" -> scope.setVersion(string(parser, token, name));
				case "attributes" -> {
					for (boolean items = startArray(token, name); items && next(parser); ) {
						scope.addAttributes(keyValue(parser));
					}
				}
				case "droppedAttributesCount", "dropped_attributes_count" ->
					scope.setDroppedAttributesCount(unsignedInt(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return scope.build();
	}

	private static LogRecord logRecord(JsonParser parser) {
		LogRecord.Builder log = LogRecord.newBuilder();
		String name;
		for (boolean more = startObject(parser.currentToken(), "logRecords"); more
				&& (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "timeUnixNano", "time_unix_nano" -> log.setTimeUnixNano(unsignedLong(parser, token, name));
				case "observedTimeUnixNano", "observed_time_unix_nano" ->
					log.setObservedTimeUnixNano(unsignedLong(parser, token, name));
				case "severityNumber", "severity_number" -> log.setSeverityNumberValue(severity(parser, token, name));
				case "severityText", "severity_text" -> log.setSeverityText(string(parser, token, name));
				case "body" -> log.setBody(anyValue(parser, token, name));
				case "attributes" -> {
					for (boolean items = startArray(token, name); items && next(parser); ) {
						log.addAttributes(keyValue(parser));
					}
				}
				case "droppedAttributesCount", "dropped_attributes_count" ->
					log.setDroppedAttributesCount(unsignedInt(parser, token, name));
				case "flags" -> log.setFlags(unsignedInt(parser, token, name));
				case "traceId", "trace_id" -> log.setTraceId(id(parser, token, name, 16));
				case "spanId", "span_id" -> log.setSpanId(id(parser, token, name, 8));
				case "eventName", "event_name" -> log.setEventName(string(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return log.build();
	}

	private static KeyValue keyValue(JsonParser parser) {
		KeyValue.Builder keyValue = KeyValue.newBuilder();
		String name;
		for (boolean more = startObject(parser.currentToken(), "attributes"); more
				&& (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "key" -> keyValue.setKey(string(parser, token, name));
				case "value" -> keyValue.setValue(anyValue(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return keyValue.build();
	}

	private static AnyValue anyValue(JsonParser parser, JsonToken start, String field) {
		AnyValue.Builder value = AnyValue.newBuilder();
		String name;
		for (boolean more = startObject(start, field); more && (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.VALUE_NULL) {
				continue;
			}
			switch (name) {
				case "stringValue", "string_value" -> value.setStringValue(string(parser, token, name));
				case "boolValue", "bool_value" -> {
					if (!token.isBoolean()) {
						throw wrongType(name, "a boolean");
					}
					value.setBoolValue(token == JsonToken.VALUE_TRUE);
				}
				case "intValue", "int_value" -> value.setIntValue(signedLong(parser, token, name));
				case "doubleValue", "double_value" -> value.setDoubleValue(decimal(parser, token, name));
				case "bytesValue", "bytes_value" -> value.setBytesValue(base64(parser, token, name));
				case "arrayValue", "array_value" -> value.setArrayValue(arrayValue(parser, token, name));
				case "kvlistValue", "kvlist_value" -> value.setKvlistValue(kvlistValue(parser, token, name));
				default -> parser.skipChildren();
			}
		}
		return value.build();
	}

	private static ArrayValue arrayValue(JsonParser parser, JsonToken start, String field) {
		ArrayValue.Builder array = ArrayValue.newBuilder();
		String name;
		for (boolean more = startObject(start, field); more && (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			if (name.equals("values")) {
				for (boolean items = startArray(token, name); items && next(parser); ) {
					array.addValues(anyValue(parser, parser.currentToken(), name));
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return array.build();
	}

	private static KeyValueList kvlistValue(JsonParser parser, JsonToken start, String field) {
		KeyValueList.Builder list = KeyValueList.newBuilder();
		String name;
		for (boolean more = startObject(start, field); more && (name = parser.nextName()) != null; ) {
			JsonToken token = parser.nextToken();
			if (name.equals("values")) {
				for (boolean items = startArray(token, name); items && next(parser); ) {
					list.addValues(keyValue(parser));
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return list.build();
	}

	/** True when an object starts here, false for null (an absent message); anything else is no-match. */
	private static boolean startObject(@Nullable JsonToken token, String field) {
		if (token == JsonToken.START_OBJECT) {
			return true;
		}
		if (token == JsonToken.VALUE_NULL) {
			return false;
		}
		throw wrongType(field, "an object");
	}

	/** True when an array starts here, false for null (an empty list); anything else is no-match. */
	private static boolean startArray(JsonToken token, String field) {
		if (token == JsonToken.START_ARRAY) {
			return true;
		}
		if (token == JsonToken.VALUE_NULL) {
			return false;
		}
		throw wrongType(field, "an array");
	}

	/** Moves to the next element of an array; false at its end. */
	private static boolean next(JsonParser parser) {
		return parser.nextToken() != JsonToken.END_ARRAY;
	}

}
