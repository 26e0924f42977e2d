package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads timestamps by a {@code timestamp-format}, a {@link DateTimeFormatter} pattern with English month
 * and day names, completing what the text leaves out:
 * <ul>
 * <li>an offset or zone in the text wins; without one, the configured zone;</li>
 * <li>a date without a time of day is midnight;</li>
 * <li>month and day without a year, and a time of day without a date, are completed from the Kafka record
 * timestamp as {@link MissingDate} does.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class TimestampPattern {

	private static final ZonedDateTime SAMPLE = ZonedDateTime.of(2026, 7, 15, 13, 45, 30, 123_456_789,
			ZoneId.of("Europe/Paris"));

	private final DateTimeFormatter formatter;

	private final String pattern;

	private final ZoneId zone;

	private TimestampPattern(DateTimeFormatter formatter, String pattern, ZoneId zone) {
		this.formatter = formatter;
		this.pattern = pattern;
		this.zone = zone;
	}

	/**
	 * Compiles a pattern and checks that it gives at least a date or a time of day, by reading back what it
	 * writes of a sample time.
	 * @throws IllegalArgumentException saying why it does not, in one line
	 */
	static TimestampPattern of(String pattern, ZoneId zone) {
		DateTimeFormatter formatter = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
		TimestampPattern timestamps = new TimestampPattern(formatter, pattern, zone);
		String sample;
		try {
			sample = formatter.format(SAMPLE);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("cannot write a time: " + firstLine(ex.getMessage()));
		}
		try {
			if (timestamps.instant(formatter.parse(sample), SAMPLE.toInstant()) == null) {
				throw new IllegalArgumentException("gives neither a date nor a time of day");
			}
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("cannot read back what it writes ('" + sample + "'): "
					+ firstLine(ex.getMessage()));
		}
		return timestamps;
	}

	String pattern() {
		return this.pattern;
	}

	/** The instant the text gives, or {@code null} when it does not fit the pattern. */
	@Nullable Instant parse(String text, Instant reference) {
		try {
			return instant(this.formatter.parse(text), reference);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private @Nullable Instant instant(TemporalAccessor parsed, Instant reference) {
		if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
			return Instant.from(parsed);
		}
		ZoneId written = parsed.query(TemporalQueries.zone());
		ZoneId zone = (written != null) ? written : this.zone;
		LocalDate date = parsed.query(TemporalQueries.localDate());
		LocalTime time = parsed.query(TemporalQueries.localTime());
		if (date != null) {
			return ZonedDateTime.of(date, (time != null) ? time : LocalTime.MIDNIGHT, zone).toInstant();
		}
		if (parsed.isSupported(ChronoField.MONTH_OF_YEAR) && parsed.isSupported(ChronoField.DAY_OF_MONTH)) {
			return MissingDate.withoutYear(parsed.get(ChronoField.MONTH_OF_YEAR), parsed.get(ChronoField.DAY_OF_MONTH),
					(time != null) ? time : LocalTime.MIDNIGHT, zone, reference);
		}
		return (time != null) ? MissingDate.withoutDate(time, zone, reference) : null;
	}

	private static String firstLine(@Nullable String message) {
		return (message != null) ? message.lines().findFirst().orElse("") : "";
	}

}
