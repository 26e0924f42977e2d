package io.logbatch.parsing;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.ByteString;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.logbatch.parsing.OtlpParserTests.contentHash;
import static io.logbatch.parsing.OtlpParserTests.record;
import static io.logbatch.parsing.OtlpParserTests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each part of a log record becomes part of an event, on requests made with the OTLP protobuf builders
 * and, for what only JSON can spell, on OTLP/JSON.
 */
class OtlpMappingTests {

	private final RecordParser json = InputFormat.OTLP_JSON.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	private final RecordParser proto = InputFormat.OTLP_PROTO.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@ParameterizedTest
	@CsvSource({ "1, TRACE", "4, TRACE", "5, DEBUG", "8, DEBUG", "9, INFO", "12, INFO", "13, WARN", "16, WARN",
			"17, ERROR", "20, ERROR", "21, FATAL", "24, FATAL", "0, INFO", "25, INFO" })
	void takesTheLevelFromTheSeverityNumberWithoutASeverityText(int number, String level) {
		assertThat(only(LogRecord.newBuilder().setSeverityNumberValue(number)).level()).isEqualTo(level);
	}

	@ParameterizedTest
	@CsvSource({ "Information, INFO", "warning, WARN", "E, E", "' ', ERROR" })
	void prefersTheSeverityTextNormalizedToTheSeverityNumber(String text, String level) {
		assertThat(only(LogRecord.newBuilder().setSeverityText(text).setSeverityNumberValue(17)).level())
			.isEqualTo(level);
	}

	@Test
	void takesTheObservedTimeWithoutATimeAndKeepsNanosecondsAndUnsignedTimes() {
		assertThat(only(LogRecord.newBuilder().setObservedTimeUnixNano(1_684_623_646_539_558_001L)).occurredAt())
			.isEqualTo(Instant.parse("2023-05-20T23:00:46.539558001Z"));
		// fixed64 is unsigned: 2^64 - 1 ns is in the year 2554
		assertThat(only(LogRecord.newBuilder().setTimeUnixNano(-1L)).occurredAt())
			.isEqualTo(Instant.parse("2554-07-21T23:34:33.709551615Z"));
	}

	@Test
	void writesANonStringBodyAsJsonText() {
		assertThat(body(AnyValue.newBuilder().setIntValue(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
		assertThat(body(AnyValue.newBuilder().setDoubleValue(2.5))).isEqualTo("2.5");
		assertThat(body(AnyValue.newBuilder().setDoubleValue(Double.NaN))).isEqualTo("\"NaN\"");
		assertThat(body(AnyValue.newBuilder().setBoolValue(true))).isEqualTo("true");
		assertThat(body(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi\0")))).isEqualTo("aGkA");
		assertThat(body(AnyValue.newBuilder()
			.setArrayValue(ArrayValue.newBuilder().addValues(string("a")).addValues(AnyValue.getDefaultInstance()))))
			.isEqualTo("[\"a\",null]");
		assertThat(body(AnyValue.newBuilder()
			.setKvlistValue(KeyValueList.newBuilder()
				.addValues(keyValue("user", AnyValue.newBuilder()
					.setKvlistValue(KeyValueList.newBuilder().addValues(keyValue("id", int64(7))))
					.build()))
				.addValues(keyValue("tags", AnyValue.newBuilder()
					.setArrayValue(ArrayValue.newBuilder().addValues(string("x")).addValues(int64(1)))
					.build())))))
			.isEqualTo("{\"user\":{\"id\":7},\"tags\":[\"x\",1]}");
		assertThat(body(AnyValue.newBuilder().setStringValue(""))).isEmpty();
	}

	@Test
	void writesAttributeValuesAsJsonKeepingEveryBitOfAnInt() {
		// given a log record, resource and scope attributes of every kind
		LogRecord.Builder log = LogRecord.newBuilder()
			.addAttributes(keyValue("big", int64(Long.MAX_VALUE)))
			.addAttributes(keyValue("ratio", AnyValue.newBuilder().setDoubleValue(-0.25).build()))
			.addAttributes(keyValue("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build()))
			.addAttributes(keyValue("ok", AnyValue.newBuilder().setBoolValue(false).build()))
			.addAttributes(keyValue("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] { -1 })).build()))
			.addAttributes(keyValue("empty", AnyValue.getDefaultInstance()))
			.addAttributes(keyValue("nul\0", string("a\0b")));
		ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder()
				.setResource(Resource.newBuilder()
					.addAttributes(keyValue("service.name", string("api")))
					.addAttributes(keyValue("host.name", int64(3)))
					.addAttributes(keyValue("k8s.pod.name", string("api-7d9f"))))
				.addScopeLogs(ScopeLogs.newBuilder()
					.setScope(InstrumentationScope.newBuilder().addAttributes(keyValue("lib", string("x"))))
					.addLogRecords(log)))
			.build();

		// when
		LogEvent event = only(request);

		// then host.name, not a string, stays among the resource attributes
		assertThat(event.service()).isEqualTo("api");
		assertThat(event.host()).isNull();
		assertThat(event.attributes()).isEqualTo("{\"attributes\":{\"big\":9223372036854775807,\"ratio\":-0.25,"
				+ "\"inf\":\"-Infinity\",\"ok\":false,\"raw\":\"/w==\",\"empty\":null,\"nul\uFFFD\":\"a\uFFFDb\"},"
				+ "\"resource\":{\"host.name\":3,\"k8s.pod.name\":\"api-7d9f\"},"
				+ "\"scope\":{\"attributes\":{\"lib\":\"x\"}}}");
	}

	@Test
	void takesTheEventIdFromLogRecordUidAndLeavesItOutOfTheAttributes() {
		assertThat(only(LogRecord.newBuilder()
			.addAttributes(keyValue("log.record.uid", string("01JGWKZ8XQ")))
			.addAttributes(keyValue("a", string("b")))))
			.satisfies((event) -> {
				assertThat(event.eventId()).isEqualTo("01JGWKZ8XQ");
				assertThat(event.attributes()).isEqualTo("{\"attributes\":{\"a\":\"b\"}}");
			});
		assertThat(only(LogRecord.newBuilder().addAttributes(keyValue("log.record.uid", int64(42)))).eventId())
			.isEqualTo("42");
	}

	@Test
	void givesEachLogRecordWithoutAnIdTheHashOfTheValueAndItsIndexAcrossResourcesAndScopes() {
		// given three log records in two resources, the second with an id and an empty uid beside it
		ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder()
				.addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance()))
				.addScopeLogs(ScopeLogs.newBuilder()
					.addLogRecords(LogRecord.newBuilder()
						.addAttributes(keyValue("log.record.uid", string("")))
						.addAttributes(keyValue("log.record.uid", string("u-1"))))))
			.addResourceLogs(ResourceLogs.newBuilder()
				.addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance())))
			.build();
		byte[] value = request.toByteArray();

		// when the same bytes come twice, at two offsets
		List<LogEvent> first = this.proto.events(record(value));
		List<LogEvent> again = this.proto.events(record(value));

		// then
		assertThat(first).extracting(LogEvent::eventId)
			.containsExactly(contentHash(value, 0), "u-1", contentHash(value, 2));
		assertThat(again).extracting(LogEvent::eventId).isEqualTo(first.stream().map(LogEvent::eventId).toList());
		assertThat(first.get(1).attributes())
			.isEqualTo("{\"attributes\":{\"log.record.uid\":\"\"}}");
	}

	@Test
	void leavesOutAnAllZeroTraceIdAndSpanId() {
		LogEvent event = only(LogRecord.newBuilder()
			.setTraceId(ByteString.copyFrom(new byte[16]))
			.setSpanId(ByteString.copyFrom(new byte[8])));
		assertThat(event.traceId()).isNull();
		assertThat(event.attributes()).isNull();
	}

	@Test
	void readsOtlpJsonAsAnyProtobufJsonWriterSpellsIt() {
		// given snake_case keys, 64-bit integers as numbers, an enum name, upper-case hex, nulls and
		// fields this version does not know
		String value = "{\"resource_logs\":[{\"resource\":null,\"scope_logs\":[{\"log_records\":[{"
				+ "\"time_unix_nano\":1684617382541971000,\"severity_number\":\"SEVERITY_NUMBER_WARN\","
				+ "\"trace_id\":\"5B8EFFF798038103D269B633813FC60C\",\"span_id\":\"EEE19B7EC3C1B174\","
				+ "\"body\":{\"string_value\":\"disk \\u0000 full\"},\"event_name\":null,\"futureField\":{\"a\":[1]},"
				+ "\"attributes\":[{\"key\":\"n\",\"value\":{\"int_value\":-3}},"
				+ "{\"key\":\"d\",\"value\":{\"double_value\":\"Infinity\"}},"
				+ "{\"key\":\"kv\",\"value\":{\"kvlist_value\":{\"values\":[{\"key\":\"b\",\"value\":{\"bool_value\":true}}]}}},"
				+ "{\"key\":\"arr\",\"value\":{\"array_value\":{\"values\":[{\"bytes_value\":\"_w\"}]}}}]}]}]}]}";

		// when
		LogEvent event = this.json.events(record(utf8(value))).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-05-20T21:16:22.541971Z"));
		assertThat(event.level()).isEqualTo("WARN");
		assertThat(event.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
		assertThat(event.message()).isEqualTo("disk \uFFFD full");
		assertThat(event.attributes()).isEqualTo("{\"attributes\":{\"n\":-3,\"d\":\"Infinity\",\"kv\":{\"b\":true},"
				+ "\"arr\":[\"/w==\"]},\"spanId\":\"eee19b7ec3c1b174\"}");
	}

	private LogEvent only(LogRecord.Builder log) {
		return only(ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder().addLogRecords(log)))
			.build());
	}

	private LogEvent only(ExportLogsServiceRequest request) {
		List<LogEvent> events = this.proto.events(record(request.toByteArray()));
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	private String body(AnyValue.Builder body) {
		return only(LogRecord.newBuilder().setBody(body)).message();
	}

	private static KeyValue keyValue(String key, AnyValue value) {
		return KeyValue.newBuilder().setKey(key).setValue(value).build();
	}

	private static AnyValue string(String value) {
		return AnyValue.newBuilder().setStringValue(value).build();
	}

	private static AnyValue int64(long value) {
		return AnyValue.newBuilder().setIntValue(value).build();
	}

}
