package io.logbatch.parsing;

import java.io.StringWriter;
import java.util.Base64;
import java.util.List;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes OTLP values as JSON, the way OTLP/JSON itself reads: a kvlist is an object, an array an array, an
 * int a JSON number (PostgreSQL's {@code jsonb} keeps all 64 bits), a double a number (NaN and the
 * infinities as the strings OTLP/JSON uses, since JSON has no such numbers), a bool a boolean, bytes their
 * base64 text (OTLP/JSON's form, and the Collector's text form of a bytes value). An empty value is
 * {@code null}, and so is a {@code string_value_strindex}, an index into the dictionary that only profiles
 * have. Keys and strings have U+0000 and lone surrogates replaced ({@link StorableText}). A key given twice
 * is written twice; PostgreSQL keeps the last. Thread-safe: the factory is immutable.
 */
final class OtlpValues {

	private static final JsonFactory FACTORY = new JsonFactory();

	private OtlpValues() {
	}

	/** A new generator writing compact JSON into {@code out}; the caller closes it. */
	static JsonGenerator generator(StringWriter out) {
		return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
	}

	/** A body as the message column holds it: a string as it is, any other value as its JSON text. */
	static @Nullable String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case VALUE_NOT_SET, STRING_VALUE_STRINDEX -> null;
			case STRING_VALUE -> StorableText.replaceUnstorable(value.getStringValue());
			case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
			default -> {
				StringWriter out = new StringWriter(64);
				try (JsonGenerator generator = generator(out)) {
					write(generator, value);
				}
				yield out.toString();
			}
		};
	}

	/** Writes attributes as the members of the object being written, leaving out the one at {@code skip}. */
	static void writeMembers(JsonGenerator generator, List<KeyValue> attributes, int skip) {
		for (int i = 0; i < attributes.size(); i++) {
			if (i != skip) {
				writeMember(generator, attributes.get(i));
			}
		}
	}

	/** Writes one attribute as a member of the object being written. */
	static void writeMember(JsonGenerator generator, KeyValue attribute) {
		generator.writeName(StorableText.replaceUnstorable(attribute.getKey()));
		write(generator, attribute.getValue());
	}

	/** Writes attributes as one object. */
	static void writeObject(JsonGenerator generator, List<KeyValue> attributes) {
		generator.writeStartObject();
		writeMembers(generator, attributes, -1);
		generator.writeEndObject();
	}

	private static void write(JsonGenerator generator, AnyValue value) {
		switch (value.getValueCase()) {
			case STRING_VALUE -> generator.writeString(StorableText.replaceUnstorable(value.getStringValue()));
			case BOOL_VALUE -> generator.writeBoolean(value.getBoolValue());
			case INT_VALUE -> generator.writeNumber(value.getIntValue());
			case DOUBLE_VALUE -> writeDouble(generator, value.getDoubleValue());
			case BYTES_VALUE -> generator.writeString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
			case KVLIST_VALUE -> writeObject(generator, value.getKvlistValue().getValuesList());
			case ARRAY_VALUE -> {
				generator.writeStartArray();
				for (AnyValue element : value.getArrayValue().getValuesList()) {
					write(generator, element);
				}
				generator.writeEndArray();
			}
			case VALUE_NOT_SET, STRING_VALUE_STRINDEX -> generator.writeNull();
		}
	}

	private static void writeDouble(JsonGenerator generator, double value) {
		if (Double.isNaN(value)) {
			generator.writeString("NaN");
		}
		else if (Double.isInfinite(value)) {
			generator.writeString((value > 0) ? "Infinity" : "-Infinity");
		}
		else {
			generator.writeNumber(value);
		}
	}

}
