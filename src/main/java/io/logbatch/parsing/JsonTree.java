package io.logbatch.parsing;

import java.io.StringWriter;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a record value into {@link JsonFields} in one streaming pass and writes such a tree back as
 * compact JSON. The tree holds every string as the JSON escapes decoded it, U+0000 and lone surrogates
 * included, so that an event id can be judged by what was sent; the JSON written back holds only what
 * PostgreSQL can store ({@link StorableText}). Both directions are thread-safe: the shared
 * {@link JsonFactory} is immutable.
 * <p>
 * Nesting deeper than Jackson's default limit (500 levels) is rejected as malformed JSON, which also keeps
 * the recursion of both directions far from a stack overflow.
 */
final class JsonTree {

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private JsonTree() {
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
		if (value instanceof Scalar scalar) {
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
