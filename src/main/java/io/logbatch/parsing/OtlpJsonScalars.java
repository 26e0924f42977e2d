package io.logbatch.parsing;

import java.util.Base64;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The scalar values of OTLP/JSON, read from the current token for {@link OtlpJsonReader}: strings,
 * integers as JSON numbers or decimal strings, enum numbers or names, doubles with OTLP/JSON's names for
 * NaN and the infinities, base64 bytes and hex ids. A null is the field's default; any other token of the
 * wrong kind is {@code no-match}.
 */
final class OtlpJsonScalars {

	private static final HexFormat HEX = HexFormat.of();

	private OtlpJsonScalars() {
	}

	static String string(JsonParser parser, JsonToken token, String field) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NULL) {
			return "";
		}
		throw wrongType(field, "a string");
	}

	static long unsignedLong(JsonParser parser, JsonToken token, String field) {
		String digits = integerText(parser, token, field);
		try {
			return (digits == null) ? 0 : Long.parseUnsignedLong(digits);
		}
		catch (NumberFormatException ex) {
			throw wrongType(field, "an unsigned 64-bit integer, not '" + digits + "'");
		}
	}

	static int unsignedInt(JsonParser parser, JsonToken token, String field) {
		long value = unsignedLong(parser, token, field);
		if (value > 0xFFFF_FFFFL) {
			throw wrongType(field, "an unsigned 32-bit integer, not " + Long.toUnsignedString(value));
		}
		return (int) value;
	}

	static long signedLong(JsonParser parser, JsonToken token, String field) {
		String digits = integerText(parser, token, field);
		try {
			return (digits == null) ? 0 : Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			throw wrongType(field, "a 64-bit integer, not '" + digits + "'");
		}
	}

	/** The digits of an integer given as a JSON number or a string, as protobuf's JSON mapping allows. */
	private static @Nullable String integerText(JsonParser parser, JsonToken token, String field) {
		return switch (token) {
			case VALUE_NUMBER_INT, VALUE_STRING -> parser.getString();
			case VALUE_NULL -> null;
			default -> throw wrongType(field, "an integer");
		};
	}

	static int severity(JsonParser parser, JsonToken token, String field) {
		if (token == JsonToken.VALUE_STRING && !parser.getString().isEmpty()
				&& !Character.isDigit(parser.getString().charAt(0))) {
			try {
				return SeverityNumber.valueOf(parser.getString()).getNumber();
			}
			catch (IllegalArgumentException ex) {
				throw wrongType(field, "a severity number, not '" + parser.getString() + "'");
			}
		}
		long number = signedLong(parser, token, field);
		if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
			throw wrongType(field, "a 32-bit enum value, not " + number);
		}
		return (int) number;
	}

	static double decimal(JsonParser parser, JsonToken token, String field) {
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDoubleValue();
		}
		if (token == JsonToken.VALUE_STRING) {
			try {
				return Double.parseDouble(parser.getString());
			}
			catch (NumberFormatException ex) {
				throw wrongType(field, "a number, not '" + parser.getString() + "'");
			}
		}
		throw wrongType(field, "a number");
	}

	static ByteString base64(JsonParser parser, JsonToken token, String field) {
		String text = string(parser, token, field);
		try {
			return ByteString.copyFrom(Base64.getDecoder().decode(text));
		}
		catch (IllegalArgumentException standard) {
			try {
				return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
			}
			catch (IllegalArgumentException urlSafe) {
				throw wrongType(field, "base64");
			}
		}
	}

	static ByteString id(JsonParser parser, JsonToken token, String field, int bytes) {
		String hex = string(parser, token, field);
		if (hex.isEmpty()) {
			return ByteString.EMPTY;
		}
		if (hex.length() != 2 * bytes) {
			throw wrongType(field, (2 * bytes) + " hex digits, not " + hex.length() + " characters");
		}
		try {
			return ByteString.copyFrom(HEX.parseHex(hex));
		}
		catch (IllegalArgumentException ex) {
			throw wrongType(field, "hex digits, not '" + hex + "'");
		}
	}

	static InvalidRecordException wrongType(String field, String expected) {
		return noMatch("'" + field + "' is not " + expected);
	}

	static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not OTLP/JSON: " + detail);
	}

}
