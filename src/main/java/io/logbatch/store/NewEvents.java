package io.logbatch.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.postgresql.PGStatement;

import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Stores the events of a chunk in insert mode by copying the new ones straight into
 * {@code log_event}: the cheapest write PostgreSQL has, the one the benchmark's COPY-only load
 * measures. First the chunk's versions of each identity are reduced to the first, in the order
 * of the partition (the earliest record), as in the conflict-safe statement of
 * {@link LogEventWriter}; then one query looks their identities (event id and time) up in the
 * primary keys of the partitions of their days;
 * then the events not found are copied in the order of the partition, which keeps the rows of a
 * day's partition near the order of their time, as its time index reads them.
 * <p>
 * Between the look-up and the copy another transaction may store one of those events (a
 * producer sent it to two partitions, and their steps write at once): the primary key then
 * fails the whole copy with a unique violation, once the other transaction has committed, or
 * with a deadlock when each waits for an event the other copied (PostgreSQL tells after its
 * {@code deadlock_timeout}), and the caller writes the chunk again with the conflict-safe
 * statement. Because the copy is all or nothing, the rows it stored are the events it sent, and
 * their rollup counts are counted here, in memory ({@link RollupDeltas}), without asking
 * PostgreSQL. Not thread-safe: one instance per writer.
 */
final class NewEvents {

	/**
	 * One day's part of the look-up: for each of the chunk's identities (event id and time) of that
	 * day, one probe of the day partition's primary key, which finds its row or none. The lateral
	 * subquery with its limit leaves PostgreSQL no plan but a probe per identity, whatever it knows
	 * of the partition. The earlier form, {@code event_id = ANY (...)} and the chunk's time range
	 * over {@code log_event}, was planned on statistics: on a partition that filled from empty since
	 * it was last analyzed (every day's, and every one a run starts on) it read the whole day's
	 * rows through the time index and filtered them, every chunk (UnanalyzedPartitionTests: 250,000
	 * rows read for a chunk of 1,000). The parts of a chunk's days are joined by {@code UNION ALL}.
	 */
	private static final String STORED_ON_DAY = "SELECT e.event_id, e.occurred_at FROM unnest(CAST(? AS text[]), "
			+ "CAST(? AS timestamptz[])) AS i(event_id, occurred_at) CROSS JOIN LATERAL (SELECT p.event_id, p.occurred_at "
			+ "FROM %s p WHERE p.event_id = i.event_id AND p.occurred_at = i.occurred_at LIMIT 1) AS e";

	/** How the look-up writes a time: as {@link StoredTime#micros} has it, in UTC, to the microsecond. */
	private static final DateTimeFormatter STORED_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'");

	private static final long MICROS_PER_DAY = 86_400_000_000L;

	// the years PostgreSQL reads as uuuu-MM-dd; a time outside them is never looked up, so it is
	// copied, and if it is stored already the primary key sends the chunk to the conflict-safe statement
	private static final long FIRST_MICROS = LocalDate.of(1, 1, 1).toEpochDay() * MICROS_PER_DAY;

	private static final long END_MICROS = LocalDate.of(10000, 1, 1).toEpochDay() * MICROS_PER_DAY;

	private final CopyRows rows;

	/** @param rows the writer's encoder, idle between copies */
	NewEvents(CopyRows rows) {
		this.rows = rows;
	}

	/**
	 * Copies the events of the chunk that are not stored yet into {@code log_event}.
	 * The partitions of the chunk's days must exist ({@link ChunkDays}, {@link DayPartitions#ensure}).
	 * @throws SQLException as PostgreSQL failed the look-up or the copy; a unique violation or
	 * deadlock says that another transaction stored one of the events meanwhile
	 */
	Stored store(Connection connection, Chunk<? extends ParsedRecord> chunk) throws SQLException {
		int events = 0;
		Set<Identity> seen = new HashSet<>();
		List<Candidate> candidates = new ArrayList<>();
		for (ParsedRecord record : chunk) {
			for (LogEvent event : record.events()) {
				events++;
				long micros = StoredTime.micros(event.occurredAt());
				if (seen.add(new Identity(event.eventId(), micros))) {
					candidates.add(new Candidate(event, micros));
				}
			}
		}
		RollupDeltas deltas = new RollupDeltas();
		if (candidates.isEmpty()) {
			return new Stored(events, 0, deltas);
		}
		boolean[] stored = storedAlready(connection, candidates);
		int copied = 0;
		for (boolean isStored : stored) {
			copied += isStored ? 0 : 1;
		}
		if (copied > 0) {
			this.rows.copy(connection, "log_event", (rows) -> {
				for (int i = 0; i < candidates.size(); i++) {
					if (!stored[i]) {
						Candidate candidate = candidates.get(i);
						rows.add(candidate.event(), candidate.micros());
						deltas.add(candidate.micros(), candidate.event().service(), candidate.event().level());
					}
				}
			});
		}
		return new Stored(events, copied, deltas);
	}

	private static boolean[] storedAlready(Connection connection, List<Candidate> candidates) throws SQLException {
		Map<LocalDate, List<Candidate>> byDay = new TreeMap<>();
		for (Candidate candidate : candidates) {
			if (candidate.micros() >= FIRST_MICROS && candidate.micros() < END_MICROS) {
				byDay.computeIfAbsent(LocalDate.ofEpochDay(Math.floorDiv(candidate.micros(), MICROS_PER_DAY)),
						(day) -> new ArrayList<>())
					.add(candidate);
			}
		}
		boolean[] stored = new boolean[candidates.size()];
		if (byDay.isEmpty()) {
			return stored;
		}
		StringJoiner sql = new StringJoiner(" UNION ALL ");
		byDay.keySet().forEach((day) -> sql.add(STORED_ON_DAY.formatted(DayPartitions.nameOf(day))));
		Set<Identity> found = new HashSet<>();
		List<Array> arrays = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			// planned every time, never kept: a plan made while a day's partition was empty could
			// scan it instead of probing it once it is not
			statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			int parameter = 1;
			for (List<Candidate> day : byDay.values()) {
				String[] ids = new String[day.size()];
				String[] times = new String[day.size()];
				for (int i = 0; i < ids.length; i++) {
					ids[i] = day.get(i).eventId();
					times[i] = STORED_TIME.format(LocalDateTime.ofEpochSecond(Math.floorDiv(day.get(i).micros(), 1_000_000L),
							(int) Math.floorMod(day.get(i).micros(), 1_000_000L) * 1000, ZoneOffset.UTC));
				}
				Array idArray = connection.createArrayOf("text", ids);
				Array timeArray = connection.createArrayOf("text", times);
				arrays.add(idArray);
				arrays.add(timeArray);
				statement.setArray(parameter++, idArray);
				statement.setArray(parameter++, timeArray);
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					found.add(new Identity(rows.getString(1),
							StoredTime.micros(rows.getObject(2, OffsetDateTime.class).toInstant())));
				}
			}
		}
		finally {
			for (Array array : arrays) {
				array.free();
			}
		}
		if (!found.isEmpty()) {
			for (int i = 0; i < stored.length; i++) {
				stored[i] = found.contains(new Identity(candidates.get(i).eventId(), candidates.get(i).micros()));
			}
		}
		return stored;
	}

	/**
	 * @param events the chunk's events
	 * @param copied how many rows the copy stored; the rest were duplicates
	 * @param deltas the rollup counts of the rows stored
	 */
	record Stored(int events, int copied, RollupDeltas deltas) {
	}

	private record Identity(String eventId, long micros) {
	}

	private record Candidate(LogEvent event, long micros) {

		String eventId() {
			return this.event.eventId();
		}

	}

}
