package io.logbatch.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the events of a chunk of records idempotently by their identity, event id and time
 * ({@code (event_id, occurred_at)}): in {@link WriteMode#INSERT} a stored event is left alone, in
 * {@link WriteMode#UPSERT} a version replaces the stored one only when its {@code published_at}
 * is later, so arrival order does not matter. Records that change nothing are reported as
 * duplicates.
 * <p>
 * First the days the chunk's events fall on get their partitions ({@link DayPartitions}; a day
 * known from an earlier chunk costs nothing). In insert mode the chunk's new events are then
 * copied straight into {@code log_event} after one look-up of their identities
 * ({@link NewEvents}). When another transaction stored one of them in between, and always in
 * upsert mode, the chunk is written by the conflict-safe statement instead: copied
 * ({@code COPY FROM STDIN}) into a temporary staging table of the session and moved into
 * {@code log_event} by one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} in the order of
 * the identity, which waits for any transaction inserting the same events to end and skips
 * what they stored. Both tell how many rows changed: the duplicate figure of the run summary.
 * The chunk's own versions of an event are reduced to one first, in the order of the partition
 * (a chunk is one partition): in insert mode to the earliest record, as across chunks, since the
 * order of equal ids in PostgreSQL's sort is arbitrary and the first row inserted would win; in
 * upsert mode to the newest (the earliest record among equals), as one statement cannot change
 * a row twice. The reduced-away events count as duplicates.
 * <p>
 * In upsert mode two more statements replace the stored versions that are older. The first
 * probes the primary key for each of the chunk's identities, in their order, locks the older
 * versions it finds and notes where they are and what they held; the second, whose snapshot sees
 * them as locked, updates them where they are, so that their rollup counts can move when a newer
 * version changes the service or level. An {@code ON CONFLICT DO UPDATE} could not tell what it
 * replaced. They run after the insert, which has waited for any transaction inserting the same
 * events to end: the rows they replace are all there to lock. Neither joins the chunk with
 * {@code log_event} by a plan PostgreSQL chooses on statistics, which a day's partition lacks
 * while it fills.
 * <p>
 * The rows a write stored are counted into the rollup of their minute, service and level: by
 * the copy, which stores all it sends or nothing, in memory; by the conflict-safe statements
 * from their {@code RETURNING}, in the same statement. {@link RollupCounts} adds them to the
 * rollup tables when the transaction commits, so the counts are exact whatever is rolled back,
 * retried or skipped.
 * <p>
 * Everything runs inside a savepoint of the chunk's transaction: after a PostgreSQL error the
 * transaction can only continue from a savepoint, and both the step's retry of a transient
 * failure and its item-by-item scan after a failed chunk write go on in that same
 * transaction. The staging table empties itself at every commit. Not thread-safe: one
 * instance per partition step.
 */
public class LogEventWriter implements ItemWriter<ParsedRecord> {

	private static final String CHECK_VIOLATION = "23514";

	private static final String UNDEFINED_TABLE = "42P01";

	/** Another transaction stored one of a copy's events first (23505), or both waited for each other (40P01). */
	private static final Set<String> STORED_MEANWHILE = Set.of("23505", "40P01");

	private static final String STAGE = "logbatch_stage";

	private static final String OLDER = "logbatch_older";

	/**
	 * The stored versions that a chunk's newer ones replace, once locked: where they are (their
	 * partition and place in it), what they counted as, and what replaces them.
	 */
	private static final String CREATE_OLDER = "CREATE TEMPORARY TABLE IF NOT EXISTS " + OLDER + """
			 (stored_in oid, stored_at tid, old_service text, old_level text, level text, service text, host text,
			  message text, trace_id text, attributes jsonb, source_topic text, source_partition int,
			  source_offset bigint, published_at timestamptz) ON COMMIT DELETE ROWS""";

	private static final String CREATE_STAGE = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGE + """
			 (event_id text, occurred_at timestamptz, level text, service text, host text, message text,
			  trace_id text, attributes jsonb, source_topic text, source_partition int, source_offset bigint,
			  published_at timestamptz) ON COMMIT DELETE ROWS;
			""" + RollupCounts.CREATE_DELTAS + ";" + CREATE_OLDER;

	/** The chunk's first version of each event: the earliest record. */
	private static final String FIRST_PER_EVENT = "event_id, occurred_at, source_offset";

	/** The chunk's newest version of each event, the earliest record among equally new ones. */
	private static final String NEWEST_PER_EVENT = "event_id, occurred_at, published_at DESC, source_offset";

	/** Gives the number of rows inserted; its parameter is the order that chooses among versions. */
	private static final String INSERT = "WITH stored AS (INSERT INTO log_event (" + CopyRows.COLUMNS
			+ ", ingested_at) SELECT DISTINCT ON (event_id, occurred_at) " + CopyRows.COLUMNS + ", now() FROM " + STAGE
			+ " ORDER BY %s" + """
			 ON CONFLICT (event_id, occurred_at) DO NOTHING RETURNING occurred_at, service, level),
			counted AS (""" + RollupCounts.countStored("stored") + ") SELECT count(*) FROM stored";

	/**
	 * Locks the stored versions that the chunk's newest ones replace and notes them in
	 * {@link #OLDER}; gives the partition of each, by oid and name. One probe of the primary key
	 * per identity, whatever PostgreSQL knows of the partitions: a join of the staging table with
	 * {@code log_event} was planned on statistics, and on a partition that filled since it was last
	 * analyzed it read the whole day for every chunk (UnanalyzedPartitionTests). Each probe locks
	 * what it finds, and the lateral subquery can only run per identity as they come from the sort
	 * that picks the newest, in their order: steps replacing the same events lock them in one
	 * order and cannot deadlock. A version that another transaction replaced meanwhile is locked
	 * and compared as that transaction committed it. Its parameters are the first and the last
	 * day's midnight that bound the chunk, written into the statement so that PostgreSQL plans over
	 * their partitions only.
	 */
	private static final String LOCK_OLDER = "INSERT INTO " + OLDER + " SELECT s.tableoid, s.ctid, "
			+ "coalesce(s.service, ''), coalesce(s.level, ''), n.level, n.service, n.host, n.message, n.trace_id, "
			+ "n.attributes, n.source_topic, n.source_partition, n.source_offset, n.published_at "
			+ "FROM (SELECT DISTINCT ON (event_id, occurred_at) " + CopyRows.COLUMNS + " FROM " + STAGE
			+ " ORDER BY " + NEWEST_PER_EVENT + """
			) n CROSS JOIN LATERAL (
			  SELECT e.tableoid, e.ctid, e.service, e.level FROM log_event e
			  WHERE e.event_id = n.event_id AND e.occurred_at = n.occurred_at
			   AND e.occurred_at >= '%s' AND e.occurred_at < '%s'
			   AND (e.published_at IS NULL OR e.published_at < n.published_at)
			  LIMIT 1 FOR UPDATE) s
			RETURNING stored_in, CAST(CAST(stored_in AS regclass) AS text)""";

	/**
	 * Replaces the versions that {@link #LOCK_OLDER} locked, found where they are, and empties
	 * {@link #OLDER}; gives the number of rows replaced and how many of them changed service or
	 * level. A statement of its own, after the lock: its snapshot sees the versions as they were
	 * locked, also those that another transaction committed while the lock waited. Its parameter
	 * is the replacements in the partitions that hold them ({@link #REPLACE_IN_PARTITION}), joined
	 * by commas.
	 */
	private static final String REPLACE_OLDER = "WITH older AS (DELETE FROM " + OLDER + " RETURNING *), %s, "
			+ "moved AS (INSERT INTO " + RollupCounts.DELTAS + """
			   (bucket, service, level, events)
			  SELECT date_trunc('minute', occurred_at, 'UTC'), service, level, 1 FROM replaced
			  WHERE (service, level) <> (old_service, old_level)
			  UNION ALL
			  SELECT date_trunc('minute', occurred_at, 'UTC'), old_service, old_level, -1 FROM replaced
			  WHERE (service, level) <> (old_service, old_level)
			)
			SELECT count(*), count(*) FILTER (WHERE (service, level) <> (old_service, old_level)) FROM replaced""";

	/**
	 * The replacement of the locked versions in one partition, {@code replaced_<n>}: they are
	 * updated by where they are in the partition, named, which leaves PostgreSQL the choice between
	 * fetching each by its place and reading the partition, both costed on its true size. Its
	 * parameters are the number, the partition's name and its oid.
	 */
	private static final String REPLACE_IN_PARTITION = """
			replaced_%1$d AS (
			  UPDATE %2$s e SET level = o.level, service = o.service, host = o.host, message = o.message,
			   trace_id = o.trace_id, attributes = o.attributes, source_topic = o.source_topic,
			   source_partition = o.source_partition, source_offset = o.source_offset, published_at = o.published_at,
			   ingested_at = now()
			  FROM older o WHERE o.stored_in = CAST(%3$d AS oid) AND e.ctid = o.stored_at
			  RETURNING e.occurred_at, coalesce(e.service, '') AS service, coalesce(e.level, '') AS level,
			   o.old_service, o.old_level)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate savepoint;

	private final DayPartitions dayPartitions;

	private final WriteMode mode;

	private final String insert;

	private final ChunkWritten written;

	private final RollupCounts rollups;

	private final CopyRows rows = new CopyRows();

	private final NewEvents newEvents = new NewEvents(this.rows);

	/**
	 * @param savepoint a {@code PROPAGATION_NESTED} template over the chunk's transaction
	 * manager
	 * @param dayPartitions creates the partitions of days that have none
	 * @param written told of each successful write: its events and how many rows they changed
	 */
	public LogEventWriter(JdbcTemplate jdbc, TransactionTemplate savepoint, DayPartitions dayPartitions,
			WriteMode mode, ChunkWritten written) {
		this.jdbc = jdbc;
		this.savepoint = savepoint;
		this.dayPartitions = dayPartitions;
		this.mode = mode;
		this.insert = INSERT.formatted((mode == WriteMode.UPSERT) ? NEWEST_PER_EVENT : FIRST_PER_EVENT);
		this.written = written;
		this.rollups = new RollupCounts(jdbc);
	}

	@Override
	public void write(Chunk<? extends ParsedRecord> chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		ChunkDays days = ChunkDays.of(chunk);
		this.dayPartitions.ensure(days.days());
		Written result;
		try {
			result = writeInSavepoint(chunk, days);
		}
		catch (DataAccessException ex) {
			// A day this process knew had a partition, dropped since by prune, here or in another
			// process: created again, and the chunk written again.
			if (!isMissingPartition(ex) || !this.dayPartitions.recheck(days.days())) {
				throw ex;
			}
			try {
				result = writeInSavepoint(chunk, days);
			}
			catch (DataAccessException again) {
				if (!isMissingPartition(again)) {
					throw again;
				}
				// Not the rows' fault, so not as the SQLException that would dead-letter them: a
				// transaction that has written to log_event may not see a partition attached since.
				throw new IllegalStateException("A partition of " + days.days() + " was dropped and created again "
						+ "while this chunk was written: " + again.getMostSpecificCause().getMessage());
			}
		}
		if (result.deltas() != null) {
			this.rollups.counted(result.deltas());
		}
		else if (result.changed() > 0) {
			this.rollups.countedInTable(result.moved());
		}
		this.written.written(chunk, result.events(), result.changed());
	}

	private Written writeInSavepoint(Chunk<? extends ParsedRecord> chunk, ChunkDays days) {
		if (this.mode == WriteMode.INSERT) {
			try {
				return inSavepoint((connection) -> {
					NewEvents.Stored stored = this.newEvents.store(connection, chunk);
					return new Written(stored.events(), stored.copied(), false, stored.deltas());
				});
			}
			catch (DataAccessException ex) {
				if (!STORED_MEANWHILE.contains(sqlState(ex))) {
					throw ex;
				}
			}
		}
		return inSavepoint((connection) -> writeConflictSafe(connection, chunk, days));
	}

	private Written inSavepoint(ConnectionCallback<Written> write) {
		Written result = this.savepoint.execute((status) -> this.jdbc.execute(write));
		return (result != null) ? result : new Written(0, 0, false, null);
	}

	private Written writeConflictSafe(Connection connection, Chunk<? extends ParsedRecord> chunk, ChunkDays days)
			throws SQLException {
		int events = stage(connection, chunk);
		if (events == 0) {
			return new Written(0, 0, false, null);
		}
		int changed;
		try (Statement statement = connection.createStatement();
				ResultSet inserted = statement.executeQuery(this.insert)) {
			inserted.next();
			changed = inserted.getInt(1);
		}
		if (this.mode != WriteMode.UPSERT) {
			return new Written(events, changed, false, null);
		}
		Map<Long, String> partitions = new TreeMap<>();
		try (Statement statement = connection.createStatement()) {
			String lock = LOCK_OLDER.formatted(DayPartitions.midnight(days.first()),
					DayPartitions.midnight(days.last().plusDays(1)));
			try (ResultSet locked = statement.executeQuery(lock)) {
				while (locked.next()) {
					partitions.put(locked.getLong(1), locked.getString(2));
				}
			}
			if (partitions.isEmpty()) {
				return new Written(events, changed, false, null);
			}
			try (ResultSet replaced = statement.executeQuery(replaceOlder(partitions))) {
				replaced.next();
				return new Written(events, changed + replaced.getInt(1), replaced.getInt(2) > 0, null);
			}
		}
	}

	/** {@link #REPLACE_OLDER} in these partitions, by oid. */
	private static String replaceOlder(Map<Long, String> partitions) {
		StringJoiner parts = new StringJoiner(", ");
		StringJoiner replaced = new StringJoiner(" UNION ALL ", "replaced AS (", ")");
		int part = 0;
		for (Map.Entry<Long, String> partition : partitions.entrySet()) {
			parts.add(REPLACE_IN_PARTITION.formatted(part, partition.getValue(), partition.getKey()));
			replaced.add("SELECT * FROM replaced_" + part);
			part++;
		}
		parts.add(replaced.toString());
		return REPLACE_OLDER.formatted(parts);
	}

	/** The SQLSTATE of the PostgreSQL error behind a failure, or null. */
	private static @Nullable String sqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException sql) {
				return sql.getSQLState();
			}
		}
		return null;
	}

	/**
	 * Whether PostgreSQL found no partition for a row ("no partition of relation ... found for
	 * row"): a check violation (SQLSTATE 23514) that names no constraint, unlike a user's check;
	 * or no day partition that the look-up of {@link NewEvents} names (SQLSTATE 42P01).
	 */
	private static boolean isMissingPartition(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException sql) {
				ServerErrorMessage error = sql.getServerErrorMessage();
				return (CHECK_VIOLATION.equals(sql.getSQLState()) && error != null && error.getConstraint() == null)
						|| UNDEFINED_TABLE.equals(sql.getSQLState());
			}
		}
		return false;
	}

	/** Copies the events of a chunk's records into the staging table and returns how many there were. */
	private int stage(Connection connection, Chunk<? extends ParsedRecord> chunk) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE_STAGE);
		}
		int[] events = { 0 };
		this.rows.copy(connection, STAGE, (rows) -> {
			for (ParsedRecord record : chunk) {
				for (LogEvent event : record.events()) {
					rows.add(event);
					events[0]++;
				}
			}
		});
		return events[0];
	}

	/**
	 * @param events the events of the chunk
	 * @param changed the rows they inserted or replaced
	 * @param moved whether a replacement changed the service or level of a row
	 * @param deltas the rollup counts of the rows stored, when the write counted them in memory;
	 * null when its statements counted them into {@link RollupCounts#DELTAS}
	 */
	private record Written(int events, int changed, boolean moved, @Nullable RollupDeltas deltas) {
	}

}
