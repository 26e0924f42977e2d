package io.logbatch.parsing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.logbatch.support.SampleRecords;
import io.logbatch.support.OtlpLogs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.resources.Resource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * otlp-json and otlp-proto on requests that real producers wrote: the OpenTelemetry Collector's JSON
 * marshaler, and the OpenTelemetry Java SDK's own OTLP exporter code.
 */
class OtlpParserTests {

	private static final long KAFKA_TIME = 1_767_225_600_000L;


	private final RecordParser json = InputFormat.OTLP_JSON.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	private final RecordParser proto = InputFormat.OTLP_PROTO.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void readsTheCollectorsOtlpJsonWithEveryField() {
		// when
		List<LogEvent> events = this.json.events(record(utf8(SampleRecords.COLLECTOR_JSON)));

		// then
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.eventId()).isEqualTo(contentHash(utf8(SampleRecords.COLLECTOR_JSON), 0));
			assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-05-20T21:16:22.541971Z"));
			assertThat(event.level()).isEqualTo("ERROR");
			assertThat(event.message()).isEqualTo("hello world");
			assertThat(event.traceId()).isEqualTo("0102030405060708090a0b0c0d0e0f10");
			assertThat(event.service()).isNull();
			assertThat(event.host()).isEqualTo("testHost");
			assertThat(event.attributes()).isEqualTo("{\"attributes\":{\"sdkVersion\":\"1.0.1\"},"
					+ "\"spanId\":\"1112131415161718\",\"flags\":1,\"droppedAttributesCount\":1,"
					+ "\"scope\":{\"name\":\"name\",\"version\":\"version\"}}");
			assertThat(event.publishedAt()).isEqualTo(Instant.ofEpochMilli(KAFKA_TIME));
			assertThat(event.sourceTopic()).isEqualTo("otel-logs");
			assertThat(event.sourcePartition()).isEqualTo(2);
			assertThat(event.sourceOffset()).isEqualTo(42);
		});
	}

	@Test
	void mapsTheSdksProtobufAndJsonOfTheSameRecordsToTheSameEvents() {
		// given records of two resources and two scopes, emitted through the SDK's logs API
		OtlpLogs logs = checkoutAndBilling();

		// when
		List<LogEvent> fromProto = this.proto.events(record(logs.proto()));
		List<LogEvent> fromJson = this.json.events(record(logs.json()));

		// then the same events, in the order the SDK grouped the records
		assertThat(fromProto).hasSize(3).isEqualTo(fromJson);
		assertThat(byId(fromProto, "01JGWKZ8XQ0000000000000001")).satisfies((event) -> {
			assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00.123456789Z"));
			assertThat(event.level()).isEqualTo("WARN");
			assertThat(event.message()).isEqualTo("payment retried");
			assertThat(event.service()).isEqualTo("checkout");
			assertThat(event.host()).isEqualTo("web-1");
			assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(event.attributes()).isEqualTo("{\"attributes\":{\"http.response.status_code\":503},"
					+ "\"spanId\":\"00f067aa0ba902b7\",\"flags\":1,"
					+ "\"resource\":{\"deployment.environment.name\":\"prod\"},"
					+ "\"scope\":{\"name\":\"com.example.checkout\",\"version\":\"1.4.0\"}}");
		});
		assertThat(byId(fromProto, "01JGWKZ8XQ0000000000000002")).satisfies((event) -> {
			assertThat(event.level()).isEqualTo("ERROR");
			assertThat(event.message()).isEqualTo("{\"order\":\"A-17\",\"amounts\":[12,3.5],\"paid\":false}");
			assertThat(event.service()).isEqualTo("checkout");
			assertThat(event.traceId()).isNull();
			assertThat(event.attributes()).isEqualTo("{\"eventName\":\"order.failed\","
					+ "\"resource\":{\"deployment.environment.name\":\"prod\"},"
					+ "\"scope\":{\"name\":\"com.example.orders\"}}");
		});
		assertThat(byId(fromProto, "01JGWKZ8XQ0000000000000003")).satisfies((event) -> {
			assertThat(event.service()).isEqualTo("billing");
			assertThat(event.host()).isNull();
			assertThat(event.level()).isEqualTo("DEBUG");
			assertThat(event.message()).isEqualTo("invoice sent");
			assertThat(event.attributes()).isEqualTo("{\"scope\":{\"name\":\"com.example.billing\"}}");
		});
	}

	@Test
	void givesAnEmptyLogRecordTheKafkaTimeInfoAndAnIdOfTheValueAndItsIndex() {
		// given the minimum: one log record without any field
		byte[] value = utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{}]}]}]}");

		// when
		List<LogEvent> events = this.json.events(record(value));

		// then
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.eventId()).isEqualTo(contentHash(value, 0));
			assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(KAFKA_TIME));
			assertThat(event.level()).isEqualTo("INFO");
			assertThat(event.message()).isNull();
			assertThat(event.service()).isNull();
			assertThat(event.host()).isNull();
			assertThat(event.traceId()).isNull();
			assertThat(event.attributes()).isNull();
			assertThat(event.publishedAt()).isEqualTo(Instant.ofEpochMilli(KAFKA_TIME));
		});
	}

	@Test
	void yieldsNoEventForARequestWithoutLogRecords() {
		// given requests that hold no log record
		byte[] emptyResource = ExportLogsServiceRequest.newBuilder()
			.addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.getDefaultInstance()))
			.build()
			.toByteArray();

		// when, then
		assertThat(this.json.events(record(utf8("{}")))).isEmpty();
		assertThat(this.json.events(record(utf8("{\"resourceLogs\":[]}")))).isEmpty();
		assertThat(this.json.events(record(utf8("{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[]}]}")))).isEmpty();
		assertThat(this.proto.events(record(emptyResource))).isEmpty();
	}

	/** Three log records of two resources and three scopes, each with a log.record.uid. */
	static OtlpLogs checkoutAndBilling() {
		Resource checkout = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout",
				AttributeKey.stringKey("host.name"), "web-1", AttributeKey.stringKey("deployment.environment.name"),
				"prod"));
		Resource billing = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "billing"));
		Context span = Context.root()
			.with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
					TraceFlags.getSampled(), TraceState.getDefault())));
		return new OtlpLogs().emit(checkout, (provider) -> {
			Logger payments = provider.loggerBuilder("com.example.checkout").setInstrumentationVersion("1.4.0").build();
			payments.logRecordBuilder()
				.setTimestamp(Instant.parse("2026-01-01T10:00:00.123456789Z"))
				.setSeverity(Severity.WARN)
				.setSeverityText("WARN")
				.setBody("payment retried")
				.setAttribute(AttributeKey.stringKey("log.record.uid"), "01JGWKZ8XQ0000000000000001")
				.setAttribute(AttributeKey.longKey("http.response.status_code"), 503L)
				.setContext(span)
				.emit();
			provider.get("com.example.orders")
				.logRecordBuilder()
				.setTimestamp(Instant.parse("2026-01-01T10:00:01Z"))
				.setSeverity(Severity.ERROR2)
				.setEventName("order.failed")
				.setAttribute(AttributeKey.stringKey("log.record.uid"), "01JGWKZ8XQ0000000000000002")
				.setBody(Value.of(KeyValue.of("order", Value.of("A-17")),
						KeyValue.of("amounts", Value.of(Value.of(12L), Value.of(3.5))), KeyValue.of("paid", Value.of(false))))
				.emit();
		}).emit(billing, (provider) -> provider.get("com.example.billing")
			.logRecordBuilder()
			.setTimestamp(Instant.parse("2026-01-01T10:00:02Z"))
			.setSeverity(Severity.DEBUG)
			.setBody("invoice sent")
			.setAttribute(AttributeKey.stringKey("log.record.uid"), "01JGWKZ8XQ0000000000000003")
			.emit());
	}

	private static LogEvent byId(List<LogEvent> events, String eventId) {
		return events.stream().filter((event) -> event.eventId().equals(eventId)).findFirst().orElseThrow();
	}

	static ConsumerRecord<byte[], byte[]> record(byte[] value) {
		return new ConsumerRecord<>("otel-logs", 2, 42, KAFKA_TIME, TimestampType.CREATE_TIME, 0, value.length, null,
				value, new RecordHeaders(), Optional.empty());
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The fallback id: SHA-256 of the value followed by the log record's index as 4 big-endian bytes. */
	static String contentHash(byte[] value, int index) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(value);
			digest.update(ByteBuffer.allocate(4).putInt(index).array());
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
