package io.logbatch.parsing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Parses timestamp fields: ISO-8601 with an offset, or epoch milliseconds as a JSON integer or a string
 * of digits. Accepted instants lie in the years 0001 to 9999: anything outside is a unit mix-up or
 * garbage, and would fail later in PostgreSQL or in clients instead of being dead-lettered here.
 */
final class Timestamps {

	private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private static final int MAX_SHOWN_CHARS = 64;

	private Timestamps() {
	}

	static Instant parse(RecordFields.Field field) {
		Scalar value = field.value();
		Instant instant;
		if (value.isIntegral() || (value.isString() && isDigits(value.text()))) {
			instant = epochMillis(value.text());
		}
		else if (value.isString()) {
			instant = IsoTimestamp.parse(value.text());
		}
		else {
			instant = null;
		}
		if (instant == null || instant.isBefore(MIN) || instant.isAfter(MAX)) {
			throw new InvalidRecordException(InvalidRecordException.Reason.BAD_TIMESTAMP, "field '" + field.name()
					+ "' is not an ISO-8601 timestamp with offset or epoch milliseconds in years 0001-9999: "
					+ shown(value));
		}
		return instant;
	}

	private static @Nullable Instant epochMillis(String text) {
		try {
			return Instant.ofEpochMilli(Long.parseLong(text));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isDigits(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static String shown(Scalar value) {
		String text = value.isString() ? '"' + value.text() + '"' : value.text();
		return (text.length() <= MAX_SHOWN_CHARS) ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
	}

}
