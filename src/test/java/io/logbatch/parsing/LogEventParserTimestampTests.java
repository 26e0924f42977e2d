package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Occurred-at and published-at: ISO-8601 with offset, epoch numbers whose magnitude says their unit, defaults
 * and rejections.
 */
class LogEventParserTimestampTests {

	private static final Instant RECORD_TIME = Instant.parse("2030-01-01T00:00:00Z");

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, 64 * 1024);

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'2024-05-01T10:00:00Z'                     | 2024-05-01T10:00:00Z
			'2024-05-01T12:00:00.123456+02:00'         | 2024-05-01T10:00:00.123456Z
			'2024-05-01T10:00:00.5Z'                   | 2024-05-01T10:00:00.500Z
			'2024-05-01T04:30:00.123456789-05:30'      | 2024-05-01T10:00:00.123456789Z
			'2024-05-01T10:00:00+00:00'                | 2024-05-01T10:00:00Z
			'2024-05-01t10:00:00z'                     | 2024-05-01T10:00:00Z
			'2024-02-29T23:59:59+14:00'                | 2024-02-29T09:59:59Z
			'1714557600000'                            | 2024-05-01T10:00:00Z
			'1714557600'                               | 2024-05-01T10:00:00Z
			'1714557600123456'                         | 2024-05-01T10:00:00.123456Z
			'1714557600123456789'                      | 2024-05-01T10:00:00.123456789Z
			'0'                                        | 1970-01-01T00:00:00Z
			""")
	void parsesIsoWithOffsetAndEpochDigitsAsString(String timestamp, Instant expected) {
		assertThat(parse("{'@timestamp':'" + timestamp + "'}").occurredAt()).isEqualTo(expected);
	}

	@Test
	void parsesEpochMillisAsJsonInteger() {
		assertThat(parse("{'ts':1714557600123}").occurredAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			Python time.time()                    | 1767225600.123456          | 2026-01-01T00:00:00.123456Z
			zap default epoch seconds float        | 1767225600.2510831         | 2026-01-01T00:00:00.2510831Z
			integer seconds                        | 1767225600                 | 2026-01-01T00:00:00Z
			seconds with exponent                  | 1.7672256E9                | 2026-01-01T00:00:00Z
			Java System.currentTimeMillis()        | 1767225600123              | 2026-01-01T00:00:00.123Z
			fractional milliseconds                | 1767225600123.5            | 2026-01-01T00:00:00.1235Z
			microseconds                           | 1767225600123456           | 2026-01-01T00:00:00.123456Z
			OpenTelemetry nanoseconds              | 1767225600123456789        | 2026-01-01T00:00:00.123456789Z
			nanoseconds beyond a long              | 10000000000000000000       | 2286-11-20T17:46:40Z
			largest seconds                        | 99999999999.999            | 5138-11-16T09:46:39.999Z
			smallest milliseconds                  | 100000000000               | 1973-03-03T09:46:40Z
			largest milliseconds                   | 99999999999999             | 5138-11-16T09:46:39.999Z
			smallest microseconds                  | 100000000000000            | 1973-03-03T09:46:40Z
			smallest nanoseconds                   | 100000000000000000         | 1973-03-03T09:46:40Z
			zero                                   | 0                          | 1970-01-01T00:00:00Z
			""")
	void readsTheUnitOfAnEpochNumberFromItsMagnitude(String producer, String epoch, Instant expected) {
		// given, when
		LogEvent event = parse("{'ts':" + epoch + ",'published_at':" + epoch + "}");

		// then
		assertThat(event.occurredAt()).isEqualTo(expected);
		assertThat(event.publishedAt()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			seconds                   | -1000                      | 1969-12-31T23:43:20Z
			seconds with a fraction   | -0.25                      | 1969-12-31T23:59:59.750Z
			year 0001 in seconds      | -62135596800               | 0001-01-01T00:00:00Z
			milliseconds              | -100000000000              | 1966-10-31T14:13:20Z
			year 0001 in milliseconds | -62135596800000            | 0001-01-01T00:00:00Z
			microseconds              | -1000000000000000          | 1938-04-24T22:13:20Z
			nanoseconds               | -1000000000000000001       | 1938-04-24T22:13:19.999999999Z
			""")
	void readsNegativeEpochNumbersByTheSameMagnitudes(String unit, String epoch, Instant expected) {
		assertThat(parse("{'ts':" + epoch + "}").occurredAt()).isEqualTo(expected);
	}

	@Test
	void takesTimestampAliasesInListedOrder() {
		assertThat(parse("{'ts':4000,'time':3000,'timestamp':2000,'@timestamp':1000}").occurredAt())
			.isEqualTo(Instant.ofEpochSecond(1000));
		assertThat(parse("{'ts':4000,'time':3000,'timestamp':2000}").occurredAt())
			.isEqualTo(Instant.ofEpochSecond(2000));
		assertThat(parse("{'ts':4000,'time':3000}").occurredAt()).isEqualTo(Instant.ofEpochSecond(3000));
		assertThat(parse("{'ts':4000}").occurredAt()).isEqualTo(Instant.ofEpochSecond(4000));
	}

	@Test
	void takesPublishedAtAliasesInListedOrder() {
		assertThat(parse("{'publishedAt':2000,'published_at':'1970-01-01T00:00:01Z'}").publishedAt())
			.isEqualTo(Instant.ofEpochSecond(1));
		assertThat(parse("{'publishedAt':'2000'}").publishedAt()).isEqualTo(Instant.ofEpochSecond(2000));
	}

	@Test
	void usesRecordTimestampWhenAbsent() {
		LogEvent event = parse("{'message':'m'}");

		assertThat(event.occurredAt()).isEqualTo(RECORD_TIME);
		assertThat(event.publishedAt()).isEqualTo(RECORD_TIME);
	}

	@Test
	void usesRecordTimestampWhenNull() {
		LogEvent event = parse("{'@timestamp':null,'published_at':null}");

		assertThat(event.occurredAt()).isEqualTo(RECORD_TIME);
		assertThat(event.publishedAt()).isEqualTo(RECORD_TIME);
	}

	@Test
	void skipsObjectAndArrayTimestampsLikeAnyNonScalarAlias() {
		LogEvent event = parse("{'@timestamp':{'seconds':1},'timestamp':[1714557600000]}");

		assertThat(event.occurredAt()).isEqualTo(RECORD_TIME);
		assertThat(event.attributes()).isEqualTo(json("{'@timestamp':{'seconds':1},'timestamp':[1714557600000]}"));
	}

	@Test
	void takesTimestampFieldsOutOfAttributes() {
		assertThat(parse("{'@timestamp':1000,'published_at':2000,'time':3}").attributes())
			.isEqualTo(json("{'time':3}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "''", "'abc'", "' 1714557600000'", "'-1000'", "'+1000'", "'1714557600000.0'",
			"'2024-05-01'", "'2024-05-01T10:00:00.1234567890Z'", "'2024-05-01T25:00:00Z'", "'2023-02-29T10:00:00Z'",
			"'2024-05-01T10:00:00+19:00'", "'253402300800000000000'", "253402300800000000000", "-62135596801",
			"-62135596800001", "-62135596800000001", "-62135596800000000001", "1e400", "-1e400", "1e-400",
			"1e999999999", "1e-999999999", "'10000-01-01T00:00:00Z'", "'0000-12-31T23:59:59Z'", "true", "false" })
	void rejectsUnparseableTimestamp(String timestamp) {
		assertBadTimestamp("{'@timestamp':" + timestamp + "}", "'@timestamp'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2024-05-01T10:00:00", "2024-05-01T10:00:00.123", "2024-05-01 10:00:00Z" })
	void rejectsIsoTimestampWithoutOffset(String timestamp) {
		assertBadTimestamp("{'timestamp':'" + timestamp + "'}", "'timestamp'");
	}

	@Test
	void rejectsUnparseablePublishedAtNamingTheField() {
		assertBadTimestamp("{'@timestamp':1000,'publishedAt':'yesterday'}", "'publishedAt'");
	}

	@Test
	void acceptsBoundaryYears() {
		assertThat(parse("{'ts':'0001-01-01T00:00:00Z'}").occurredAt())
			.isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
		assertThat(parse("{'ts':253402300799999999999}").occurredAt())
			.isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
		assertThat(parse("{'ts':-62135596800}").occurredAt()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
	}

	private void assertBadTimestamp(String json, String quotedField) {
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> parse(json))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(InvalidRecordException.Reason.BAD_TIMESTAMP))
			.withMessageStartingWith("bad-timestamp: ")
			.withMessageContaining(quotedField);
	}

	private LogEvent parse(String json) {
		return this.parser.parse(record(json(json)));
	}

	/** Single quotes stand for double quotes, to keep JSON literals readable. */
	private static String json(String singleQuoted) {
		return singleQuoted.replace('\'', '"');
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		byte[] value = json.getBytes(StandardCharsets.UTF_8);
		return new ConsumerRecord<>("app-logs", 3, 42L, RECORD_TIME.toEpochMilli(), TimestampType.CREATE_TIME, -1,
				value.length, null, value, new RecordHeaders(), Optional.empty());
	}

}
