package io.logbatch.parsing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonToken;

/**
 * Parses timestamp fields: ISO-8601 with an offset, or an epoch number (a JSON number, or a string of
 * digits) whose magnitude says its unit, as SPEC has it: below 10^11 seconds, below 10^14 milliseconds,
 * below 10^17 microseconds, else nanoseconds, for negative numbers by their absolute value. Producers do not
 * agree on a unit: Python's {@code time.time()} and Go's zap write seconds with a fraction, Java
 * milliseconds, OpenTelemetry nanoseconds; read as milliseconds, a time in seconds would land in January
 * 1970. The bounds leave each unit hundreds of years around 1970 (10^11 s is the year 5138, 10^11 ms
 * 1973). Any unit may have a fraction; what is finer than a nanosecond is dropped, rounding towards the
 * past. Accepted instants lie in the years 0001 to 9999: anything outside is a unit mix-up or garbage, and
 * would fail later in PostgreSQL or in clients instead of being dead-lettered here.
 */
final class Timestamps {

	static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

	static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private static final long SECONDS_BELOW = 100_000_000_000L;

	private static final long MILLIS_BELOW = 100_000_000_000_000L;

	private static final long MICROS_BELOW = 100_000_000_000_000_000L;

	/** Nanoseconds from here on are past the year 9999 whatever the sign: no need to convert them. */
	private static final BigDecimal TOO_LARGE = new BigDecimal("1e21");

	/**
	 * Digits after the point beyond this are rejected rather than dropped: rescaling a number such as
	 * {@code 1e-999999999} would compute a power of ten of a billion digits.
	 */
	private static final int MAX_SCALE = 30;

	private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

	private static final int MAX_SHOWN_CHARS = 64;

	private Timestamps() {
	}

	static Instant parse(RecordFields.Field field) {
		Scalar value = field.value();
		Instant instant;
		if (value.isIntegral() || (value.isString() && isDigits(value.text()))) {
			instant = epoch(value.text());
		}
		else if (value.token() == JsonToken.VALUE_NUMBER_FLOAT) {
			instant = epochWithFraction(value.text());
		}
		else if (value.isString()) {
			instant = IsoTimestamp.parse(value.text());
		}
		else {
			instant = null;
		}
		if (instant == null || instant.isBefore(MIN) || instant.isAfter(MAX)) {
			throw new InvalidRecordException(InvalidRecordException.Reason.BAD_TIMESTAMP, "field '" + field.name()
					+ "' is not an ISO-8601 timestamp with offset or an epoch number in years 0001-9999: "
					+ shown(value));
		}
		return instant;
	}

	/** An integer, the common case, without the cost of {@link BigDecimal}. */
	private static @Nullable Instant epoch(String text) {
		long number;
		try {
			number = Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			// beyond a long: nanoseconds after 2262 or before 1677, or garbage
			return epochWithFraction(text);
		}
		try {
			if (number > -SECONDS_BELOW && number < SECONDS_BELOW) {
				return Instant.ofEpochSecond(number);
			}
			if (number > -MILLIS_BELOW && number < MILLIS_BELOW) {
				return Instant.ofEpochMilli(number);
			}
			if (number > -MICROS_BELOW && number < MICROS_BELOW) {
				return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000L),
						Math.floorMod(number, 1_000_000L) * 1_000L);
			}
			return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000_000L), Math.floorMod(number, 1_000_000_000L));
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/** A number with a fraction or an exponent, or an integer beyond a long. */
	private static @Nullable Instant epochWithFraction(String text) {
		BigDecimal number;
		try {
			number = new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
		BigDecimal magnitude = number.abs();
		if (number.scale() > MAX_SCALE || magnitude.compareTo(TOO_LARGE) >= 0) {
			return null;
		}
		int digitsToNanos = (magnitude.compareTo(BigDecimal.valueOf(SECONDS_BELOW)) < 0) ? 9
				: (magnitude.compareTo(BigDecimal.valueOf(MILLIS_BELOW)) < 0) ? 6
						: (magnitude.compareTo(BigDecimal.valueOf(MICROS_BELOW)) < 0) ? 3 : 0;
		BigInteger nanos = number.movePointRight(digitsToNanos).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
		BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
		// divideAndRemainder truncates towards zero; ofEpochSecond adjusts a negative remainder.
		return Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
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
