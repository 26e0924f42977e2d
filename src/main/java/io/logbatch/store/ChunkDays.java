package io.logbatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableSet;
import java.util.TreeSet;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;

import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The UTC days that the events of a chunk fall on, as PostgreSQL stores their times: it rounds
 * to the microsecond, so an event in the last half microsecond of a day is stored at the next
 * day's midnight, and both days are taken. Most chunks hold one day or two, so each event costs
 * a division and a comparison with the day before it.
 */
final class ChunkDays {

	private static final long SECONDS_PER_DAY = 86_400;

	/** From this nanosecond of a day's last second on, PostgreSQL may round up to the next day. */
	private static final int ROUNDS_UP = 999_999_500;

	private final NavigableSet<LocalDate> days = new TreeSet<>();

	private long lastDay = Long.MIN_VALUE;

	private ChunkDays() {
	}

	static ChunkDays of(Chunk<? extends ParsedRecord> chunk) {
		ChunkDays days = new ChunkDays();
		for (ParsedRecord record : chunk) {
			for (LogEvent event : record.events()) {
				days.add(event.occurredAt());
			}
		}
		return days;
	}

	private void add(Instant time) {
		long second = time.getEpochSecond();
		long day = Math.floorDiv(second, SECONDS_PER_DAY);
		if (day != this.lastDay) {
			this.days.add(LocalDate.ofEpochDay(day));
			this.lastDay = day;
		}
		if (Math.floorMod(second, SECONDS_PER_DAY) == SECONDS_PER_DAY - 1 && time.getNano() >= ROUNDS_UP) {
			this.days.add(LocalDate.ofEpochDay(day + 1));
		}
	}

	/** The days in order; empty for a chunk without events. */
	NavigableSet<LocalDate> days() {
		return this.days;
	}

	LocalDate first() {
		return this.days.first();
	}

	LocalDate last() {
		return this.days.last();
	}

}
