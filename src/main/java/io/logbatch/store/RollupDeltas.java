package io.logbatch.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Rollup counts kept in memory: how many events a write stored per minute, service and level
 * (an unknown service or level counted under the empty string, as in {@code log_rollup}), for
 * the writes whose stored rows the writer knows without asking PostgreSQL. Not thread-safe.
 */
final class RollupDeltas {

	private static final long MICROS_PER_SECOND = 1_000_000;

	private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;

	private final Map<Key, long[]> counts = new HashMap<>();

	/** Counts one stored event at a time {@link StoredTime#micros} gave. */
	void add(long occurredMicros, String service, String level) {
		Key key = new Key(Math.floorDiv(occurredMicros, MICROS_PER_MINUTE) * MICROS_PER_MINUTE,
				(service != null) ? service : "", (level != null) ? level : "");
		this.counts.computeIfAbsent(key, (minute) -> new long[1])[0]++;
	}

	void addAll(RollupDeltas other) {
		other.counts.forEach((key, count) -> this.counts.computeIfAbsent(key, (minute) -> new long[1])[0] += count[0]);
	}

	boolean isEmpty() {
		return this.counts.isEmpty();
	}

	/**
	 * The counts as four arrays of the same length, for {@code unnest}: each minute in ISO-8601
	 * ({@code 2024-05-01T10:00:00Z}), the service, the level and the count.
	 */
	Columns columns() {
		int size = this.counts.size();
		Columns columns = new Columns(new String[size], new String[size], new String[size], new Long[size]);
		int i = 0;
		for (Map.Entry<Key, long[]> entry : this.counts.entrySet()) {
			columns.minutes()[i] = Instant.ofEpochSecond(entry.getKey().minute() / MICROS_PER_SECOND).toString();
			columns.services()[i] = entry.getKey().service();
			columns.levels()[i] = entry.getKey().level();
			columns.events()[i] = entry.getValue()[0];
			i++;
		}
		return columns;
	}

	record Columns(String[] minutes, String[] services, String[] levels, Long[] events) {
	}

	private record Key(long minute, String service, String level) {
	}

}
