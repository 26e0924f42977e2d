package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

/**
 * Completes a time that a line writes without its year (syslog's {@code Mmm dd hh:mm:ss}, a
 * {@code timestamp-format} such as {@code MMM dd HH:mm:ss}) or without its date ({@code HH:mm:ss.SSS}, as
 * Log4j's and Logback's default layouts write), taking the Kafka record timestamp as the reference:
 * <ul>
 * <li>without a year: the latest such instant at most one day after the reference, so that a December line
 * read in January lands in December of the year before while a clock a little ahead of the broker's stays
 * in this year;</li>
 * <li>without a date: the instant of that time of day nearest the reference, the day before, of or after
 * it.</li>
 * </ul>
 */
final class MissingDate {

	/** February 29 may be up to eight years back. */
	private static final int YEARS_BACK = 9;

	private MissingDate() {
	}

	/**
	 * The latest instant of that month, day and time in any year that is at most one day after the
	 * reference, or {@code null} when no year has such a day (February 30).
	 */
	static @Nullable Instant withoutYear(int month, int day, LocalTime time, ZoneId zone, Instant reference) {
		Instant latest = reference.plus(Duration.ofDays(1));
		int year = ZonedDateTime.ofInstant(latest, zone).getYear();
		for (int candidate = year; candidate > year - YEARS_BACK; candidate--) {
			try {
				Instant instant = LocalDateTime.of(candidate, month, day, time.getHour(), time.getMinute(),
						time.getSecond(), time.getNano()).atZone(zone).toInstant();
				if (!instant.isAfter(latest)) {
					return instant;
				}
			}
			catch (DateTimeException ex) {
				// no such day in that year (February 29) or no such date at all: try the year before
			}
		}
		return null;
	}

	/** The instant of that time of day nearest the reference: on the reference's day, the day before or after. */
	static Instant withoutDate(LocalTime time, ZoneId zone, Instant reference) {
		LocalDate day = LocalDate.ofInstant(reference, zone);
		Instant nearest = null;
		for (int offset = -1; offset <= 1; offset++) {
			Instant candidate = ZonedDateTime.of(day.plusDays(offset), time, zone).toInstant();
			if (nearest == null || Duration.between(candidate, reference).abs()
				.compareTo(Duration.between(nearest, reference).abs()) < 0) {
				nearest = candidate;
			}
		}
		return nearest;
	}

}
