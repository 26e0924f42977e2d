package io.logbatch.parsing;

import java.io.StringWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reads a record value into {@link JsonFields} in one streaming pass and writes such a tree back as
 * compact JSON. The tree holds every string as the JSON escapes decoded it, U+0000 and lone surrogates
 * included, so that an event id can be judged by what was sent; the JSON written back holds only what
 * PostgreSQL can store ({@link StorableText}). Both directions are thread-safe: the shared
 * {@link JsonFactory} is immutable.
 * <p>
 * A record is read straight from its bytes. Only the members that the caller looks up are read into
 * values; every other member is kept as its JSON text ({@link RawJson}) when that text is exactly what
 * writing its value back would give (no escape, no white space outside strings), which is the common case
 * and spares decoding each attribute and encoding it again. A value whose bytes Jackson could read in
 * another encoding than UTF-8 (a zero byte among the first four), and every value that is rejected, goes
 * through the reader of decoded characters instead, so that what is accepted and the wording of every
 * rejection stay those of that reader.
 * <p>
 * Nesting deeper than Jackson's default limit (500 levels) is rejected as malformed JSON, which also keeps
 * the recursion of both directions far from a stack overflow.
 */
final class JsonTree {

	// Buffers are recycled per thread: the read-ahead threads live as long as their partition, and the
	// default pool, a concurrent deque, cost a lock-free queue operation on every parser and generator.
	private static final JsonFactory FACTORY = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private static final int UTF8_BOM_LENGTH = 3;

	private JsonTree() {
	}

	/**
	 * Reads exactly one JSON object from strictly valid UTF-8; anything else, including trailing content, is
	 * rejected. Members named in {@code lookedUp} are read into values, any other member may be kept as its
	 * JSON text.
	 * @throws InvalidRecordException for bytes that are not UTF-8 or not one JSON object
	 */
	static JsonFields readObject(byte[] value, Set<String> lookedUp) {
		StrictUtf8.check(value);
		int start = startsWithByteOrderMark(value) ? UTF8_BOM_LENGTH : 0;
		if (!readableAsUtf8(value, start)) {
			return readObject(StrictUtf8.decode(value));
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), value, start, value.length - start)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return readObject(StrictUtf8.decode(value));
			}
			JsonFields root = readMembers(parser, value, start, lookedUp);
			if (parser.nextToken() != null) {
				return readObject(StrictUtf8.decode(value));
			}
			return root;
		}
		catch (JacksonException | InvalidRecordException ex) {
			// the reader of characters words the rejection, with the offset in characters
			return readObject(StrictUtf8.decode(value));
		}
	}

	/** Reads exactly one JSON object; anything else, including trailing content, is rejected. */
	static JsonFields readObject(CharBuffer text) {
		// RFC 8259 lets parsers ignore a byte order mark; some Windows producers still write one.
		int start = (text.hasRemaining() && text.get(text.position()) == BYTE_ORDER_MARK) ? 1 : 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text.array(),
				text.arrayOffset() + text.position() + start, text.remaining() - start)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw notObject("value is " + describe(first) + ", not a JSON object");
			}
			JsonFields root = readFields(parser);
			if (parser.nextToken() != null) {
				throw notObject("unexpected content after the JSON object");
			}
			return root;
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			String at = (location != null) ? " (at character " + location.getCharOffset() + ")" : "";
			throw notObject("malformed JSON: " + ex.getOriginalMessage() + at);
		}
	}

	private static boolean startsWithByteOrderMark(byte[] value) {
		return value.length >= UTF8_BOM_LENGTH && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB
				&& value[2] == (byte) 0xBF;
	}

	/**
	 * Whether Jackson reads these bytes as UTF-8 as they are: it takes a zero byte among the first four for
	 * UTF-16 or UTF-32, and skips a byte order mark that a second one (the reader of characters rejects it)
	 * would follow.
	 */
	private static boolean readableAsUtf8(byte[] value, int start) {
		int end = Math.min(value.length, start + 4);
		for (int i = start; i < end; i++) {
			if (value[i] == 0) {
				return false;
			}
		}
		return value.length > start && value[start] != (byte) 0xEF;
	}

	/**
	 * The members of the object whose start the parser stands on. A member that is not looked up is kept
	 * as its text, found between its value's first byte and the next member's (or the closing brace),
	 * unless the text differs from what {@link #write} would give for it.
	 */
	private static JsonFields readMembers(JsonParser parser, byte[] value, int base, Set<String> lookedUp) {
		JsonFields fields = new JsonFields();
		String pendingName = null;
		int pendingStart = -1;
		String name;
		while ((name = parser.nextName()) != null) {
			if (pendingName != null) {
				fields.put(pendingName, raw(value, pendingStart, tokenStart(parser, base)));
				pendingName = null;
			}
			JsonToken token = parser.nextToken();
			if (lookedUp.contains(name)) {
				fields.put(name, readValue(parser, token));
			}
			else {
				pendingName = name;
				pendingStart = tokenStart(parser, base);
				parser.skipChildren();
			}
		}
		if (pendingName != null) {
			fields.put(pendingName, raw(value, pendingStart, tokenStart(parser, base)));
		}
		return fields;
	}

	private static int tokenStart(JsonParser parser, int base) {
		return base + (int) parser.currentTokenLocation().getByteOffset();
	}

	/**
	 * The value whose bytes start at {@code start} and end before the separator that precedes
	 * {@code next}: as its text when that is already compact JSON, else read into a value.
	 */
	private static Object raw(byte[] value, int start, int next) {
		int end = next;
		while (isWhitespace(value[end - 1])) {
			end--;
		}
		if (value[end - 1] == ',') {
			end--;
			while (isWhitespace(value[end - 1])) {
				end--;
			}
		}
		if (isCompact(value, start, end)) {
			return new RawJson(new String(value, start, end - start, StandardCharsets.UTF_8));
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), value, start, end - start)) {
			return readValue(parser, parser.nextToken());
		}
	}

	/**
	 * Whether JSON text is as {@link #write} gives it: without a backslash (each escape would be written
	 * back in Jackson's own form, maybe another) and without white space outside strings. Strict UTF-8
	 * holds no surrogate, and a raw U+0000 is malformed JSON, so no character of it needs replacing.
	 */
	private static boolean isCompact(byte[] value, int start, int end) {
		boolean inString = false;
		for (int i = start; i < end; i++) {
			byte b = value[i];
			if (b == '\\') {
				return false;
			}
			if (b == '"') {
				inString = !inString;
			}
			else if (!inString && isWhitespace(b)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	/** Writes compact JSON, with U+0000 and lone surrogates in names and strings replaced by U+FFFD. */
	static String write(JsonFields fields) {
		StringWriter out = new StringWriter(128);
		try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			writeValue(generator, fields);
		}
		return out.toString();
	}

	private static JsonFields readFields(JsonParser parser) {
		JsonFields fields = new JsonFields();
		String name;
		while ((name = parser.nextName()) != null) {
			fields.put(name, readValue(parser, parser.nextToken()));
		}
		return fields;
	}

	private static Object readValue(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw notObject("truncated JSON");
		}
		return switch (token) {
			case START_OBJECT -> readFields(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> new Scalar(token, parser.getString());
			// For numbers getString() returns the text as written, skipping conversion and keeping precision.
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(token, parser.getString());
			case VALUE_TRUE -> Scalar.TRUE;
			case VALUE_FALSE -> Scalar.FALSE;
			case VALUE_NULL -> Scalar.NULL;
			default -> throw notObject("unexpected JSON token " + token);
		};
	}

	private static List<Object> readArray(JsonParser parser) {
		List<Object> values = new ArrayList<>();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			values.add(readValue(parser, token));
		}
		return values;
	}

	private static void writeValue(JsonGenerator generator, Object value) {
		if (value instanceof RawJson raw) {
			generator.writeRawValue(raw.text());
		}
		else if (value instanceof Scalar scalar) {
			switch (scalar.token()) {
				case VALUE_STRING -> generator.writeString(StorableText.replaceUnstorable(scalar.text()));
				case VALUE_NULL -> generator.writeNull();
				case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(scalar.token() == JsonToken.VALUE_TRUE);
				default -> generator.writeNumber(scalar.text());
			}
		}
		else if (value instanceof JsonFields fields) {
			generator.writeStartObject();
			for (Map.Entry<String, Object> field : fields.entrySet()) {
				generator.writeName(StorableText.replaceUnstorable(field.getKey()));
				writeValue(generator, field.getValue());
			}
			generator.writeEndObject();
		}
		else {
			generator.writeStartArray();
			for (Object element : (List<?>) value) {
				writeValue(generator, element);
			}
			generator.writeEndArray();
		}
	}

	private static String describe(@Nullable JsonToken token) {
		if (token == null) {
			return "blank";
		}
		return switch (token) {
			case START_ARRAY -> "a JSON array";
			case VALUE_STRING -> "a JSON string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
			default -> "JSON " + token.asString();
		};
	}

	private static InvalidRecordException notObject(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NOT_JSON_OBJECT, detail);
	}

}
