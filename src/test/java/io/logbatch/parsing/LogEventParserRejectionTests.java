package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logbatch.parsing.InvalidRecordException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Records that can never become events, one test per reason, and the size limit boundary.
 */
class LogEventParserRejectionTests {

	private static final int LIMIT = 64;

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, LIMIT);

	@Test
	void rejectsNullValueAsEmpty() {
		assertRejected(() -> this.parser.parse(record((byte[]) null)), Reason.EMPTY_VALUE, "null");
	}

	@Test
	void rejectsEmptyValue() {
		assertRejected(() -> this.parser.parse(record(new byte[0])), Reason.EMPTY_VALUE, "empty");
	}

	@Test
	void acceptsValueOfExactlyMaxRecordBytes() {
		byte[] value = padded(LIMIT);

		assertThat(this.parser.parse(record(value)).eventId()).isEqualTo("e1");
	}

	@Test
	void rejectsValueOneByteOverMaxRecordBytes() {
		byte[] value = padded(LIMIT + 1);

		assertRejected(() -> this.parser.parse(record(value)), Reason.TOO_LARGE, "65 bytes, the limit is 64");
	}

	@Test
	void checksSizeBeforeDecoding() {
		byte[] value = new byte[LIMIT + 1];
		Arrays.fill(value, (byte) 0xFF);

		assertRejected(() -> this.parser.parse(record(value)), Reason.TOO_LARGE, "limit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "80", "c0af", "c1bf", "e08080", "eda080", "edbfbf", "f4908080", "f5808080", "ff",
			"fe", "e381", "c3" })
	void rejectsMalformedUtf8InString(String badHex) {
		// given {"message":"a<bad>"}
		byte[] value = concat("{\"message\":\"a", badHex, "\"}");

		// then: rejected, never replaced by U+FFFD
		assertRejected(() -> this.parser.parse(record(value)), Reason.NOT_UTF8, "byte offset 13");
	}

	@Test
	void rejectsMalformedUtf8OutsideStrings() {
		byte[] value = concat("{\"a\":1", "ff", "}");

		assertRejected(() -> this.parser.parse(record(value)), Reason.NOT_UTF8, "UTF-8");
	}

	@Test
	void rejectsLatin1EncodedText() {
		byte[] value = "{\"message\":\"café\"}".getBytes(StandardCharsets.ISO_8859_1);

		assertRejected(() -> this.parser.parse(record(value)), Reason.NOT_UTF8, "UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "[{\"id\":\"e1\"}]", "42", "\"text\"", "true", "null", " ", "{\"id\":\"e1\"} x",
			"{\"id\":\"e1\"}{}", "{\"id\":\"e1\"}}", "{\"id\":\"e1\"", "{\"id\":", "{", "{'id':'e1'}", "{id:1}",
			"{\"a\":1,}", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":\"x\ny\"}", "{\"a\":\"\\x\"}", "{\"a\":1}\u0000",
			"{\"a\":[1,2}" })
	void rejectsTextThatIsNotExactlyOneJsonObject(String text) {
		assertRejected(() -> this.parser.parse(record(text.getBytes(StandardCharsets.UTF_8))), Reason.NOT_JSON_OBJECT,
				"");
	}

	@ParameterizedTest
	@ValueSource(ints = { 501, 10_000, 100_000 })
	void rejectsJsonNestedDeeperThanTheParserAllows(int depth) {
		// given an object whose attribute nests arrays and objects 'depth' levels deep in all
		String json = nested(depth);
		LogEventParser roomy = new LogEventParser(EventIdFallback.CONTENT_HASH, 1024 * 1024);

		// when, then: rejected as bad input, never a StackOverflowError that would fail the run
		assertRejected(() -> roomy.parse(record(json)), Reason.NOT_JSON_OBJECT, "nesting depth");
	}

	@Test
	void keepsJsonNestedAsDeepAsTheParserAllows() {
		// given the deepest nesting the parser accepts: 500 levels, the root object included
		String json = nested(500);
		LogEventParser roomy = new LogEventParser(EventIdFallback.CONTENT_HASH, 1024 * 1024);

		// when
		LogEvent event = roomy.parse(record(json));

		// then: written back unchanged
		assertThat(event.eventId()).isEqualTo("e1");
		assertThat("{\"id\":\"e1\"," + event.attributes().substring(1)).isEqualTo(json);
	}

	@Test
	void acceptsWhitespaceAndByteOrderMarkAroundObject() {
		assertThat(this.parser.parse(record(" \n{\"id\":\"e1\"}\r\n ".getBytes(StandardCharsets.UTF_8))).eventId())
			.isEqualTo("e1");
		assertThat(this.parser.parse(record(concat("", "efbbbf", "{\"id\":\"e2\"}"))).eventId()).isEqualTo("e2");
	}

	@Test
	void rejectsMissingEventIdWhenFallbackIsReject() {
		LogEventParser rejecting = new LogEventParser(EventIdFallback.REJECT, LIMIT);

		assertRejected(() -> rejecting.parse(record("{\"message\":\"m\"}")), Reason.MISSING_EVENT_ID, "event_id");
		assertRejected(() -> rejecting.parse(record("{\"event_id\":\"\",\"id\":null}")), Reason.MISSING_EVENT_ID,
				"event_id");
		assertThat(rejecting.parse(record("{\"event\":{\"id\":7}}")).eventId()).isEqualTo("7");
	}

	@Test
	void rejectsNonPositiveMaxRecordBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LogEventParser(EventIdFallback.REJECT, 0))
			.withMessageContaining("maxRecordBytes");
	}

	private static void assertRejected(ThrowingCallable parse, Reason reason, String detail) {
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(parse)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.withMessageStartingWith(reason.code() + ": ")
			.withMessageContaining(detail);
	}

	/** An object with an event id and an attribute that alternates arrays and objects to {@code depth} levels. */
	private static String nested(int depth) {
		StringBuilder json = new StringBuilder("{\"id\":\"e1\",\"n\":");
		for (int level = 2; level <= depth; level++) {
			json.append((level % 2 == 0) ? "[" : "{\"n\":");
		}
		json.append("1");
		for (int level = depth; level >= 2; level--) {
			json.append((level % 2 == 0) ? "]" : "}");
		}
		return json.append("}").toString();
	}

	/** An object with an event id, padded with spaces to exactly {@code size} bytes. */
	private static byte[] padded(int size) {
		String json = "{\"id\":\"e1\"}";
		return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(String before, String hex, String after) {
		byte[] head = before.getBytes(StandardCharsets.UTF_8);
		byte[] middle = HexFormat.of().parseHex(hex);
		byte[] tail = after.getBytes(StandardCharsets.UTF_8);
		byte[] all = Arrays.copyOf(head, head.length + middle.length + tail.length);
		System.arraycopy(middle, 0, all, head.length, middle.length);
		System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
		return all;
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		return record(json.getBytes(StandardCharsets.UTF_8));
	}

	private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
		return new ConsumerRecord<>("app-logs", 0, 0L, null, value);
	}

}
