package io.logbatch.store;

import java.time.Instant;

/**
 * The microsecond since the epoch that PostgreSQL stores for an instant given to it with nine
 * fractional digits, computed as PostgreSQL computes it, so that the writer can tell which
 * events are one row before PostgreSQL sees them, and send times it will not round again.
 * <p>
 * PostgreSQL reads the fraction of a second with {@code strtod} and rounds
 * {@code fraction * 1000000} with {@code rint}, to nearest, ties to even. A nanosecond
 * fraction {@code n / 1e9} in IEEE arithmetic is the same correctly rounded double as
 * {@code strtod} gives for its nine digits, and {@link Math#rint} rounds as {@code rint} does,
 * so the result is PostgreSQL's to the last tie: an event re-delivered after an upgrade finds
 * the row that an earlier version of logbatch stored.
 */
final class StoredTime {

	private static final long MICROS_PER_SECOND = 1_000_000;

	private StoredTime() {
	}

	static long micros(Instant instant) {
		int nanos = instant.getNano();
		long micros = (nanos % 1000 == 0) ? nanos / 1000 : (long) Math.rint((nanos / 1e9) * MICROS_PER_SECOND);
		return instant.getEpochSecond() * MICROS_PER_SECOND + micros;
	}

}
