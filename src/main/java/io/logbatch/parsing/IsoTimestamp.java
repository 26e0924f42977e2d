package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Parses ISO-8601 date-times that carry an offset, exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * does. The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm)} is read by hand because the
 * formatter costs about a microsecond, a large share of the per-record budget; anything else goes to the
 * formatter, so the fast path never changes what is accepted.
 */
final class IsoTimestamp {

	private static final int SHORTEST = "2024-05-01T10:00:00Z".length();

	/** The nanoseconds that one unit of an n-digit fraction stands for, at index n. */
	private static final int[] NANOS_PER_DIGIT = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
			100, 10, 1 };

	private static final int MAX_OFFSET_SECONDS = 18 * 3600;

	private IsoTimestamp() {
	}

	/** Returns the instant, or {@code null} when the text is not an ISO-8601 date-time with offset. */
	static @Nullable Instant parse(String text) {
		Instant instant = parseCommonShape(text);
		return (instant != null) ? instant : parseAnyShape(text);
	}

	private static @Nullable Instant parseAnyShape(String text) {
		try {
			// Unlike Instant.parse, ISO_OFFSET_DATE_TIME insists on an offset: a local time is ambiguous.
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable Instant parseCommonShape(String text) {
		int length = text.length();
		if (length < SHORTEST || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		int end = 19;
		int nanos = 0;
		if (text.charAt(end) == '.') {
			int start = end + 1;
			end = start;
			while (end < length && end - start < 9 && isDigit(text.charAt(end))) {
				end++;
			}
			int fraction = digits(text, start, end);
			if (end == start || fraction < 0) {
				return null;
			}
			nanos = fraction * NANOS_PER_DIGIT[end - start];
		}
		ZoneOffset offset = offset(text, end);
		if ((year | month | day | hour | minute | second) < 0 || offset == null) {
			return null;
		}
		try {
			return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset).toInstant();
		}
		catch (DateTimeException ex) {
			// Out-of-range fields: the formatter gives the authoritative answer.
			return null;
		}
	}

	private static @Nullable ZoneOffset offset(String text, int start) {
		int remaining = text.length() - start;
		if (remaining == 1 && text.charAt(start) == 'Z') {
			return ZoneOffset.UTC;
		}
		char sign = (remaining == 6) ? text.charAt(start) : ' ';
		if ((sign != '+' && sign != '-') || text.charAt(start + 3) != ':') {
			return null;
		}
		int hours = digits(text, start + 1, start + 3);
		int minutes = digits(text, start + 4, start + 6);
		int seconds = hours * 3600 + minutes * 60;
		if ((hours | minutes) < 0 || minutes > 59 || seconds > MAX_OFFSET_SECONDS) {
			return null;
		}
		return ZoneOffset.ofTotalSeconds((sign == '-') ? -seconds : seconds);
	}

	/** The decimal value of {@code text[start, end)}, or -1 if any of it is not an ASCII digit. */
	private static int digits(String text, int start, int end) {
		int value = 0;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (!isDigit(c)) {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
