package io.logbatch.parsing;

import java.util.Arrays;

import com.google.protobuf.ByteString;
import io.logbatch.support.SampleRecords;
import io.logbatch.support.OtlpLogs;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.logbatch.parsing.OtlpParserTests.record;
import static io.logbatch.parsing.OtlpParserTests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Values that are not an OTLP logs request: the whole record is rejected, with its reason. */
class OtlpRejectionTests {

	/** A zap production logger's line, from https://qiita.com/RyoMa_0923/items/a765d2687531c6d322ec. */
	private static final String ZAP_LINE = "{\"level\":\"info\",\"ts\":1569769104.776992,\"caller\":\"client/http_client.go:38\",\"msg\":\"Response received.\",\"timestamp\":1569769104.5155523,\"url\":\"http://web.ryoma0923.work/\",\"method\":\"GET\",\"status_code\":200,\"response_time\":260}";

	/** RFC 5424's example 1. */
	private static final String SYSLOG_LINE = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8";

	private final RecordParser json = InputFormat.OTLP_JSON.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	private final RecordParser proto = InputFormat.OTLP_PROTO.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void rejectsAJsonLogLineOnAnOtlpJsonTopicAsNoMatch() {
		assertRejected(this.json, utf8(ZAP_LINE), "no-match: not OTLP/JSON: the object has no resourceLogs");
	}

	@Test
	void ignoresUnknownFieldsBesideResourceLogsAsTheCollectorDoes() {
		// the input of the Collector's TestJSONUnmarshalerDisallowUnknownFields (pdata/plog/json_test.go),
		// which its default unmarshaler reads as zero resource logs
		assertThat(this.json.events(record(utf8("{\"resourceLogs\":[],\"unexpected\":\"value\"}")))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// the Collector's TestJSONUnmarshalInvalid (pdata/plog/json_test.go): an error there too
			"{\"extra\":\"\", \"resourceLogs\": \"extra\"}",
			// the Collector's TestUnmarshalJsoniterLogWrongTraceID and WrongSpanID, in a request
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{}, \"traceId\":\"--\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{}, \"spanId\":\"--\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"AQIDBAUGBwgJCgsMDQ4PEA==\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"-1\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":1.5}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"flags\":4294967296}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":\"LOUD\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":\"hello\"}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"intValue\":\"12x\"}}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"bytesValue\":\"not base64!\"}}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":{\"a\":\"b\"}}]}]}]}",
			"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{}]}]}]",
			"{\"resourceLogs\":[]} {\"resourceLogs\":[]}",
			"[{\"resourceLogs\":[]}]", "null", "\"resourceLogs\"" })
	void rejectsJsonThatIsNotAnOtlpRequestAsNoMatch(String value) {
		assertRejected(this.json, utf8(value), "no-match: not OTLP/JSON: ");
	}

	@Test
	void rejectsOtlpJsonOnAnOtlpProtoTopicAsNoMatch() {
		assertRejected(this.proto, utf8(SampleRecords.COLLECTOR_JSON), "no-match: not OTLP protobuf: ");
	}

	@Test
	void rejectsATextLineAsNoMatch() {
		assertRejected(this.proto, utf8(SYSLOG_LINE), "no-match: not OTLP protobuf: ");
		assertRejected(this.json, utf8(SYSLOG_LINE), "no-match: not OTLP/JSON: malformed JSON");
	}

	@Test
	void rejectsProtobufThatIsCutShortAsNoMatch() {
		// given the SDK's request, without its last bytes
		byte[] request = sdkRequest();

		// when, then
		assertRejected(this.proto, Arrays.copyOf(request, request.length - 3), "no-match: not OTLP protobuf: ");
	}

	@Test
	void rejectsProtobufWithFieldsButNoResourceLogsAsNoMatch() {
		// given a well-formed protobuf message whose only field is number 2, which a logs request lacks
		byte[] other = { 0x10, 0x01 };

		// when, then
		assertRejected(this.proto, other, "no-match: not OTLP protobuf: the message has fields [2] but no resource_logs");
	}

	@Test
	void rejectsIdsOfAnotherLengthAsNoMatch() {
		assertRejected(this.proto, withIds(ByteString.copyFrom(new byte[8]), ByteString.EMPTY),
				"no-match: not OTLP: a traceId has 8 bytes, OTLP's have 16");
		assertRejected(this.proto, withIds(ByteString.EMPTY, ByteString.copyFrom(new byte[16])),
				"no-match: not OTLP: a spanId has 16 bytes, OTLP's have 8");
	}

	@Test
	void rejectsTextThatIsNotUtf8() {
		assertRejected(this.json, new byte[] { '{', (byte) 0xC3, '}' }, "not-utf8: ");
	}

	@Test
	void rejectsAnEmptyValueAndOneOverTheLimit() {
		assertRejected(this.proto, new byte[0], "empty-value: ");
		assertRejected(this.json, new byte[0], "empty-value: ");
		byte[] request = sdkRequest();
		RecordParser small = InputFormat.OTLP_PROTO.parser(EventIdFallback.CONTENT_HASH, request.length - 1);
		assertRejected(small, request, "too-large: record value has " + request.length + " bytes, the limit is "
				+ (request.length - 1));
	}

	@Test
	void rejectsTheWholeRecordWhenOneLogRecordHasNoIdUnderReject() {
		// given a request whose second log record has no log.record.uid
		byte[] value = utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
				+ "{\"attributes\":[{\"key\":\"log.record.uid\",\"value\":{\"stringValue\":\"u-1\"}}]},"
				+ "{\"body\":{\"stringValue\":\"no id\"}}]}]}]}");
		RecordParser rejecting = InputFormat.OTLP_JSON.parser(EventIdFallback.REJECT, 1 << 20);

		// when, then
		assertRejected(rejecting, value,
				"missing-event-id: log record 1 has no attribute log.record.uid holding a non-empty string or an int");
	}

	@Test
	void rejectsAnIdThatPostgresqlCannotStore() {
		byte[] value = utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":"
				+ "[{\"key\":\"log.record.uid\",\"value\":{\"stringValue\":\"u\\u0000\"}}]}]}]}]}");
		assertRejected(this.json, value, "bad-event-id: field 'log.record.uid' holds U+0000 at index 1");
	}

	private static byte[] sdkRequest() {
		return new OtlpLogs().emit(Resource.empty(), (provider) -> provider.get("scope")
			.logRecordBuilder()
			.setSeverity(Severity.INFO)
			.setBody("a log record of some length, so that cutting it breaks a field")
			.emit()).proto();
	}

	private static byte[] withIds(ByteString traceId, ByteString spanId) {
		return ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder()
				.addScopeLogs(ScopeLogs.newBuilder()
					.addLogRecords(LogRecord.newBuilder().setTraceId(traceId).setSpanId(spanId))))
			.build()
			.toByteArray();
	}

	private static void assertRejected(RecordParser parser, byte[] value, String messageStart) {
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> parser.events(record(value)))
			.withMessageStartingWith(messageStart);
	}

}
