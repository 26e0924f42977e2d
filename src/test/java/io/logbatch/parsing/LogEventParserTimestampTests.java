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
 * Occurred-at and published-at: ISO-8601 with offset, epoch milliseconds, defaults and rejections.
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
			'0'                                        | 1970-01-01T00:00:00Z
			""")
	void parsesIsoWithOffsetAndEpochMillisAsString(String timestamp, Instant expected) {
		assertThat(parse("{'@timestamp':'" + timestamp + "'}").occurredAt()).isEqualTo(expected);
	}

	@Test
	void parsesEpochMillisAsJsonInteger() {
		assertThat(parse("{'ts':1714557600123}").occurredAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
	}

	@Test
	void acceptsNegativeEpochMillisAsJsonInteger() {
		assertThat(parse("{'ts':-1000}").occurredAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
	}

	@Test
	void takesTimestampAliasesInListedOrder() {
		assertThat(parse("{'ts':4000,'time':3000,'timestamp':2000,'@timestamp':1000}").occurredAt())
			.isEqualTo(Instant.ofEpochMilli(1000));
		assertThat(parse("{'ts':4000,'time':3000,'timestamp':2000}").occurredAt())
			.isEqualTo(Instant.ofEpochMilli(2000));
		assertThat(parse("{'ts':4000,'time':3000}").occurredAt()).isEqualTo(Instant.ofEpochMilli(3000));
		assertThat(parse("{'ts':4000}").occurredAt()).isEqualTo(Instant.ofEpochMilli(4000));
	}

	@Test
	void takesPublishedAtAliasesInListedOrder() {
		assertThat(parse("{'publishedAt':2000,'published_at':'1970-01-01T00:00:01Z'}").publishedAt())
			.isEqualTo(Instant.ofEpochMilli(1000));
		assertThat(parse("{'publishedAt':'2000'}").publishedAt()).isEqualTo(Instant.ofEpochMilli(2000));
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
			"'2024-05-01T10:00:00+19:00'", "'99999999999999999999'", "99999999999999999999", "253402300800000",
			"-62135596800001", "'10000-01-01T00:00:00Z'", "'0000-12-31T23:59:59Z'", "1714557600000.0", "1.7e12",
			"true", "false" })
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
		assertThat(parse("{'ts':253402300799999}").occurredAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
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
