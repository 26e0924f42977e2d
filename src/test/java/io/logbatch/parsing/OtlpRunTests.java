package io.logbatch.parsing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.logbatch.support.SampleRecords;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.OtlpLogs;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.resources.Resource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.support.KafkaHeaders;

import static io.logbatch.parsing.OtlpParserTests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics that the Collector's Kafka exporter writes, as {@code otlp-proto} and {@code otlp-json}, through a
 * run against the real broker and database: a record holds many events, is read once, and is stored or
 * dead-lettered whole.
 */
class OtlpRunTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeTheUsersCheck() {
		Database.jdbc().execute("ALTER TABLE log_event DROP CONSTRAINT IF EXISTS users_no_declined_cards");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp-proto", "otlp-json" })
	void storesEveryLogRecordOfARequestOfSeveralResourcesAndScopes(String format) throws Exception {
		// given one record: the SDK's request of three log records in two resources and three scopes
		String topic = Kafka.uniqueTopic(format);
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, (byte[]) null, encode(format).apply(OtlpParserTests.checkoutAndBilling()));
		Instant published = Instant.ofEpochMilli(Kafka.readAll(topic).get(0).timestamp());

		// when
		RunSummary summary = run(topic, format);

		// then the record is read once and its events are written
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(1);
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.duplicates()).isZero();
		assertThat(summary.deadLettered()).isZero();
		assertThat(row("01JGWKZ8XQ0000000000000001")).containsEntry("level", "WARN")
			.containsEntry("occurred_at", Timestamp.from(Instant.parse("2026-01-01T10:00:00.123457Z")))
			.containsEntry("service", "checkout")
			.containsEntry("host", "web-1")
			.containsEntry("message", "payment retried")
			.containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
			.containsEntry("attributes", "{\"flags\": 1, \"scope\": {\"name\": \"com.example.checkout\", "
					+ "\"version\": \"1.4.0\"}, \"spanId\": \"00f067aa0ba902b7\", \"resource\": "
					+ "{\"deployment.environment.name\": \"prod\"}, \"attributes\": {\"http.response.status_code\": 503}}")
			.containsEntry("source_topic", topic)
			.containsEntry("source_partition", 0)
			.containsEntry("source_offset", 0L)
			.containsEntry("published_at", Timestamp.from(published));
		assertThat(row("01JGWKZ8XQ0000000000000002")).containsEntry("level", "ERROR")
			.containsEntry("occurred_at", Timestamp.from(Instant.parse("2026-01-01T10:00:01Z")))
			.containsEntry("service", "checkout")
			.containsEntry("host", "web-1")
			.containsEntry("message", "{\"order\":\"A-17\",\"amounts\":[12,3.5],\"paid\":false}")
			.containsEntry("trace_id", null)
			.containsEntry("attributes", "{\"scope\": {\"name\": \"com.example.orders\"}, \"resource\": "
					+ "{\"deployment.environment.name\": \"prod\"}, \"eventName\": \"order.failed\"}")
			.containsEntry("source_offset", 0L)
			.containsEntry("published_at", Timestamp.from(published));
		assertThat(row("01JGWKZ8XQ0000000000000003")).containsEntry("level", "DEBUG")
			.containsEntry("occurred_at", Timestamp.from(Instant.parse("2026-01-01T10:00:02Z")))
			.containsEntry("service", "billing")
			.containsEntry("host", null)
			.containsEntry("message", "invoice sent")
			.containsEntry("trace_id", null)
			.containsEntry("attributes", "{\"scope\": {\"name\": \"com.example.billing\"}}")
			.containsEntry("source_offset", 0L)
			.containsEntry("published_at", Timestamp.from(published));
	}

	@Test
	void storesTheCollectorsOwnOtlpJsonAsTheReadmeShowsIt() throws Exception {
		// given the JSON that the Collector's plog.JSONMarshaler writes (SampleRecords.COLLECTOR_JSON)
		String topic = Kafka.uniqueTopic("collector-json");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, (byte[]) null, utf8(SampleRecords.COLLECTOR_JSON));

		// when
		RunSummary summary = run(topic, "otlp-json");

		// then
		assertThat(summary.written()).isEqualTo(1);
		assertThat(Database.jdbc()
			.queryForMap("SELECT event_id, occurred_at::text AS occurred_at, level, service, host, message, trace_id,"
					+ " attributes::text AS attributes FROM log_event"))
			.containsEntry("event_id", OtlpParserTests.contentHash(utf8(SampleRecords.COLLECTOR_JSON), 0))
			.containsEntry("occurred_at", "2023-05-20 21:16:22.541971+00")
			.containsEntry("level", "ERROR")
			.containsEntry("service", null)
			.containsEntry("host", "testHost")
			.containsEntry("message", "hello world")
			.containsEntry("trace_id", "0102030405060708090a0b0c0d0e0f10")
			.containsEntry("attributes", "{\"flags\": 1, \"scope\": {\"name\": \"name\", \"version\": \"version\"}, "
					+ "\"spanId\": \"1112131415161718\", \"attributes\": {\"sdkVersion\": \"1.0.1\"}, "
					+ "\"droppedAttributesCount\": 1}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp-proto", "otlp-json" })
	void storesTheEventsOfARecordDeliveredTwiceOnceAndCountsTheSecondAsDuplicates(String format) throws Exception {
		// given a request whose log records have no id, sent, run, and sent again at the next offset
		String topic = Kafka.uniqueTopic(format + "-again");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		byte[] value = encode(format).apply(withoutIds("payment retried", "payment failed"));
		Kafka.send(topic, 0, (byte[]) null, value);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.input.topics.[" + topic + "].format", format);
		RunSummary first = logbatch.run();
		Kafka.send(topic, 0, (byte[]) null, value);

		// when
		RunSummary second = logbatch.run();

		// then
		assertThat(first.read()).isEqualTo(1);
		assertThat(first.written()).isEqualTo(2);
		assertThat(second.status()).isEqualTo("COMPLETED");
		assertThat(second.read()).isEqualTo(1);
		assertThat(second.written()).isZero();
		assertThat(second.duplicates()).isEqualTo(2);
		assertThat(Database.jdbc().queryForList("SELECT message FROM log_event ORDER BY message", String.class))
			.containsExactly("payment failed", "payment retried");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE source_offset = 0")).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "otlp-proto", "otlp-json" })
	void deadLettersTheWholeRecordWhenPostgresqlRejectsOneOfItsEventsAndStoresTheRestOfTheChunk(String format)
			throws Exception {
		// given a user's check that rejects one log record of the second of three records in one chunk
		Database.jdbc().execute("ALTER TABLE log_event ADD CONSTRAINT users_no_declined_cards "
				+ "CHECK (message NOT LIKE '%declined%')");
		String topic = Kafka.uniqueTopic(format + "-rejected");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Function<OtlpLogs, byte[]> encode = encode(format);
		Kafka.send(topic, 0, utf8("k-0"), encode.apply(withoutIds("cart opened", "cart saved")));
		Kafka.send(topic, 0, utf8("k-1"), encode.apply(withoutIds("payment started", "card declined", "payment ended")));
		Kafka.send(topic, 0, utf8("k-2"), encode.apply(withoutIds("cart closed")));

		// when
		RunSummary summary = run(topic, format);

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(3);
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.deadLettered()).isEqualTo(1);
		assertThat(Database.jdbc().queryForList("SELECT message FROM log_event ORDER BY source_offset, message",
				String.class))
			.containsExactly("cart opened", "cart saved", "cart closed");
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(new String(deadLetter.key())).isEqualTo("k-1");
			assertThat(deadLetter.value()).isEqualTo(encode.apply(withoutIds("payment started", "card declined",
					"payment ended")));
			assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
				.startsWith("SQLSTATE 23514: new row for relation ")
				.contains("violates check constraint \"users_no_declined_cards\"");
		});
	}

	private static RunSummary run(String topic, String format) throws Exception {
		return Logbatch.forTopics(topic).with("logbatch.input.topics.[" + topic + "].format", format).run();
	}

	private static Function<OtlpLogs, byte[]> encode(String format) {
		return format.equals("otlp-json") ? OtlpLogs::json : OtlpLogs::proto;
	}

	/** A request of log records of these bodies, without ids, at fixed times so that its bytes repeat. */
	private static OtlpLogs withoutIds(String... bodies) {
		Resource shop = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop"));
		return new OtlpLogs().emit(shop, (provider) -> {
			Logger logger = provider.get("com.example.shop");
			for (int i = 0; i < bodies.length; i++) {
				Instant time = Instant.parse("2026-01-01T12:00:00Z").plusSeconds(i);
				logger.logRecordBuilder()
					.setTimestamp(time)
					.setObservedTimestamp(time)
					.setSeverity(Severity.INFO)
					.setBody(bodies[i])
					.emit();
			}
		});
	}

	private static Map<String, Object> row(String eventId) {
		return Database.jdbc()
			.queryForMap("SELECT occurred_at, level, service, host, message, trace_id, attributes::text AS attributes,"
					+ " source_topic, source_partition, source_offset, published_at FROM log_event WHERE event_id = ?",
					eventId);
	}

}
