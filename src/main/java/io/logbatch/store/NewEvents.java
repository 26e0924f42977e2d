package io.logbatch.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;

import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Stores the events of a chunk in insert mode by copying the new ones straight into
 * {@code log_event}: the cheapest write PostgreSQL has, the one the benchmark's COPY-only load
 * measures. First the chunk's versions of each identity are reduced to the first, in the order
 * of the partition (the earliest record), as in the conflict-safe statement of
 * {@link LogEventWriter}; then one query looks their event ids up in {@code log_event}'s primary
 * key, over the partitions of the chunk's days only, and compares the times of the rows found;
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
	 * The stored rows of the event ids given, on the chunk's days: found by the primary key's
	 * leading column, their times compared here, exactly, as {@link StoredTime#micros}.
	 */
	private static final String STORED = "SELECT event_id, occurred_at FROM log_event WHERE event_id = ANY (CAST(? AS text[])) "
			+ "AND occurred_at >= CAST(? AS timestamptz) AND occurred_at < CAST(? AS timestamptz)";

	private final CopyRows rows;

	/** @param rows the writer's encoder, idle between copies */
	NewEvents(CopyRows rows) {
		this.rows = rows;
	}

	/**
	 * Copies the events of the chunk that are not stored yet into {@code log_event}.
	 * @param days the chunk's days, whose partitions exist
	 * @throws SQLException as PostgreSQL failed the look-up or the copy; a unique violation or
	 * deadlock says that another transaction stored one of the events meanwhile
	 */
	Stored store(Connection connection, Chunk<? extends ParsedRecord> chunk, ChunkDays days) throws SQLException {
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
		boolean[] stored = storedAlready(connection, candidates, days);
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

	private static boolean[] storedAlready(Connection connection, List<Candidate> candidates, ChunkDays days)
			throws SQLException {
		Set<String> ids = new LinkedHashSet<>();
		for (Candidate candidate : candidates) {
			ids.add(candidate.eventId());
		}
		Set<Identity> found = new HashSet<>();
		Array idArray = connection.createArrayOf("text", ids.toArray());
		try (PreparedStatement statement = connection.prepareStatement(STORED)) {
			statement.setArray(1, idArray);
			statement.setString(2, DayPartitions.midnight(days.first()));
			statement.setString(3, DayPartitions.midnight(days.last().plusDays(1)));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					found.add(new Identity(rows.getString(1),
							StoredTime.micros(rows.getObject(2, OffsetDateTime.class).toInstant())));
				}
			}
		}
		finally {
			idArray.free();
		}
		boolean[] stored = new boolean[candidates.size()];
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
