package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Event ids that would not survive the way to PostgreSQL unchanged, or could not be indexed there, are bad
 * input: replacing a character of an id could merge two distinct events into one row.
 */
class LogEventParserEventIdTests {

	private static final String BAD_EVENT_ID = "bad-event-id";

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, 64 * 1024);

	@ParameterizedTest
	@ValueSource(strings = { "e\\u00001", "\\u0000", "e\\ud800", "\\udfff1", "a\\udc00\\ud800b", "\\ud83d" })
	void rejectsEventIdHoldingNulOrLoneSurrogate(String escapedId) {
		// given an id written as a producer writes it: JSON escapes, valid JSON and valid UTF-8
		String json = "{\"event_id\":\"" + escapedId + "\",\"message\":\"m\"}";

		// when, then
		assertBadEventId(json);
	}

	@Test
	void doesNotMergeIdsThatDifferOnlyInNulOrLoneSurrogate() {
		// given ids that a replacement by U+FFFD or '?' would make equal
		String stored = parse("{\"event_id\":\"a\\ufffdb\"}").eventId();

		// when, then: the look-alike is rejected, not stored under the same id
		assertThat(stored).isEqualTo("a\uFFFDb");
		assertBadEventId("{\"event_id\":\"a\\u0000b\"}");
		assertThat(parse("{\"event_id\":\"a?b\"}").eventId()).isEqualTo("a?b");
		assertBadEventId("{\"event_id\":\"a\\ud800b\"}");
	}

	@Test
	void keepsEventIdWithSurrogatePairAndSupplementaryCharacters() {
		assertThat(parse("{\"id\":\"\\ud83d\\ude00-1\"}").eventId()).isEqualTo("\uD83D\uDE00-1");
		assertThat(parse("{\"id\":\"🔒-2\"}").eventId()).isEqualTo("🔒-2");
	}

	@Test
	void rejectsBadEventIdEvenWhenALaterAliasHoldsAGoodOne() {
		// the first present alias is the id: falling through would store the record under another field's value
		assertBadEventId("{\"event_id\":\"x\\u0000\",\"id\":\"good\"}");
	}

	@Test
	void rejectsBadEventIdAsBadNotMissingWhenFallbackIsReject() {
		LogEventParser rejecting = new LogEventParser(EventIdFallback.REJECT, 64 * 1024);

		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> rejecting.parse(record("{\"id\":\"\\ud800\"}")))
			.satisfies((ex) -> assertThat(ex.reason().code()).isEqualTo(BAD_EVENT_ID));
	}

	@Test
	void acceptsEventIdOfExactly1024Utf8Bytes() {
		assertThat(parse(withId("x".repeat(1024))).eventId()).hasSize(1024);
		// 341 three-byte characters and one byte: 1,024 bytes
		assertThat(parse(withId("€".repeat(341) + "x")).eventId()).hasSize(342);
		// 256 four-byte characters, each a surrogate pair: 1,024 bytes
		assertThat(parse(withId("😀".repeat(256))).eventId()).hasSize(512);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1025, 3000, 10_000 })
	void rejectsEventIdOver1024Utf8Bytes(int length) {
		// given an id of that many ASCII characters, far below the record size limit
		String json = withId("x".repeat(length));

		// when, then
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> parse(json))
			.satisfies((ex) -> assertThat(ex.reason().code()).isEqualTo(BAD_EVENT_ID))
			.withMessageContaining(length + " UTF-8 bytes")
			.withMessageContaining("1024");
	}

	@Test
	void countsUtf8BytesNotCharactersAgainstTheLimit() {
		// 342 characters, 1,026 bytes
		assertBadEventId(withId("€".repeat(342)));
		// 257 surrogate pairs: 514 chars, 1,028 bytes
		assertBadEventId(withId("😀".repeat(257)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "null", "{}", "{\"a\":1}", "[]", "[\"e1\"]" })
	void takesTheFallbackWhenEventIdIsEmptyNullObjectOrArray(String id) throws Exception {
		// given
		String json = "{\"event_id\":" + id + ",\"message\":\"m\"}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.eventId()).isEqualTo(sha256Hex(json));
	}

	private LogEvent parse(String json) {
		return this.parser.parse(record(json));
	}

	private void assertBadEventId(String json) {
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> parse(json))
			.satisfies((ex) -> assertThat(ex.reason().code()).isEqualTo(BAD_EVENT_ID))
			.withMessageStartingWith("bad-event-id: ")
			.withMessageContaining("field '");
	}

	private static String withId(String id) {
		return "{\"event_id\":\"" + id + "\",\"message\":\"m\"}";
	}

	private static String sha256Hex(String json) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		return new ConsumerRecord<>("app-logs", 0, 0L, null, json.getBytes(StandardCharsets.UTF_8));
	}

}
