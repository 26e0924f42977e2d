package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reading a record's object straight from its bytes, with the members no alias looks up kept as their JSON
 * text, gives what reading the decoded text into values gives: the same attributes, the same rejections.
 */
class JsonTreeBytesTests {

	private static final List<String> ACCEPTED = List.of(
			// compact, the common case: every untouched member is copied as it is
			"{\"event_id\":\"a\",\"http\":{\"method\":\"GET\",\"status\":200},\"duration_ms\":87,\"ok\":true}",
			// white space between members, inside values and at both ends
			" \n{ \"a\" : 1 , \"b\" :\t{ \"c\" : [ 1 , 2 ] } ,\"d\":\"x y\" }\r\n",
			// escapes that the writer writes in another form, or the same
			"{\"slash\":\"a\\/b\",\"u\":\"\\u00e9\\u0041\",\"q\":\"a\\\"b\\\\c\\n\",\"ctl\":\"\\u001f\\b\"}",
			// what PostgreSQL cannot store, in names and values
			"{\"nul\":\"a\\u0000b\",\"lone\\ud800\":\"\\udc00x\",\"pair\":\"\\ud83d\\ude00\"}",
			// numbers keep their text
			"{\"n\":-0,\"e\":1E+3,\"f\":1.50,\"big\":1e400,\"long\":123456789012345678901234567890}",
			// a name given twice keeps its first place and its last value, looked up or not
			"{\"x\":1,\"level\":\"info\",\"x\":{\"y\":2},\"level\":\"warn\",\"x\":\"last\"}",
			// non-ASCII text, raw
			"{\"message\":\"caf\u00e9 \u2028 \ud83d\ude00\",\"where\":\"M\u00fcnchen\",\"\u540d\":\"\u5024\"}",
			// nested forms that are taken, partly or wholly, beside untouched members
			"{\"log\":{\"level\":\"error\",\"logger\":\"a.B\"},\"service\":{\"name\":\"s\"},\"host\":{\"name\":\"h\"},"
					+ "\"trace\":{\"id\":\"t\"},\"event\":{\"id\":\"e\",\"kind\":\"k\"},\"labels\":{}}",
			// a byte order mark
			"\ufeff{\"a\":[],\"b\":{}}",
			// no member at all, and only members that are taken
			"{}", "{\"message\":\"m\",\"@timestamp\":\"2024-05-01T10:00:00Z\"}");

	private static final List<String> REJECTED = List.of("", " ", "[1]", "\"s\"", "{", "{\"a\":1}x", "{\"a\":1,}",
			"{\"a\":01}", "{\"a\":\"\t\"}", "{\"a\":\"\\q\"}", "{\"a\":[1,}", "{\"a\" 1}", "\ufeff\ufeff{}",
			"{\"a\":tru}", "{\"a\":1}{\"b\":2}", "{\"a\":\"x}", "\u0000{}", "{\"a\":1}\u0000");

	@Test
	void readsAcceptedObjectsFromBytesAsFromDecodedText() {
		for (String json : ACCEPTED) {
			// given
			byte[] value = json.getBytes(StandardCharsets.UTF_8);

			// when
			String fromBytes = JsonTree.write(JsonTree.readObject(value, LogEventParser.LOOKED_UP));
			String fromText = JsonTree.write(JsonTree.readObject(StrictUtf8.decode(value)));

			// then
			assertThat(fromBytes).as(json).isEqualTo(fromText);
		}
	}

	@Test
	void parsesEventsFromBytesAsFromDecodedText() {
		for (String json : ACCEPTED) {
			if (json.equals("{}") || json.startsWith("\ufeff")) {
				continue;
			}
			// given
			byte[] value = json.getBytes(StandardCharsets.UTF_8);
			RecordFields fromBytes = new RecordFields(JsonTree.readObject(value, LogEventParser.LOOKED_UP));
			RecordFields fromText = new RecordFields(JsonTree.readObject(StrictUtf8.decode(value)));

			// when
			List<RecordFields.Field> takenFromBytes = takeAll(fromBytes);
			List<RecordFields.Field> takenFromText = takeAll(fromText);

			// then
			assertThat(takenFromBytes).as(json).isEqualTo(takenFromText);
			assertThat(fromBytes.attributes()).as(json).isEqualTo(fromText.attributes());
		}
	}

	@Test
	void rejectsFromBytesWithTheWordsOfTheTextReader() {
		for (String json : REJECTED) {
			// given
			byte[] value = json.getBytes(StandardCharsets.UTF_8);

			// when
			Throwable fromBytes = catchThrowable(() -> JsonTree.readObject(value, LogEventParser.LOOKED_UP));
			Throwable fromText = catchThrowable(() -> JsonTree.readObject(StrictUtf8.decode(value)));

			// then
			assertThat(fromText).as(json).isInstanceOf(InvalidRecordException.class);
			assertThat(fromBytes).as(json).isInstanceOf(InvalidRecordException.class).hasMessage(fromText.getMessage());
		}
	}

	@Test
	void rejectsBytesThatAreNotUtf8AsTheDecoderDoes() {
		// given an overlong encoding of '/', a UTF-8 encoded surrogate and a truncated sequence
		List<byte[]> values = List.of(bytes("{\"a\":\"", 0xC0, 0xAF, "\"}"), bytes("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"),
				bytes("{\"a\":\"", 0xE2, 0x82, "\"}"));
		for (byte[] value : values) {
			// when
			Throwable fromBytes = catchThrowable(() -> JsonTree.readObject(value, LogEventParser.LOOKED_UP));
			Throwable fromText = catchThrowable(() -> JsonTree.readObject(StrictUtf8.decode(value)));

			// then
			assertThat(fromBytes).isInstanceOf(InvalidRecordException.class)
				.hasMessageStartingWith("not-utf8: ")
				.hasMessage(fromText.getMessage());
		}
	}

	private static List<RecordFields.Field> takeAll(RecordFields fields) {
		return java.util.stream.Stream
			.of(LogEventParser.EVENT_ID, LogEventParser.OCCURRED_AT, LogEventParser.LEVEL, LogEventParser.MESSAGE,
					LogEventParser.SERVICE, LogEventParser.HOST, LogEventParser.TRACE_ID, LogEventParser.PUBLISHED_AT)
			.map((aliases) -> fields.take(aliases, LogEventParser.PRESENT))
			.toList();
	}

	private static byte[] bytes(Object... parts) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (Object part : parts) {
			if (part instanceof String text) {
				out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
			}
			else {
				out.write((Integer) part);
			}
		}
		return out.toByteArray();
	}

}
