package io.logbatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the events of a chunk of records idempotently by {@code event_id}: in {@link WriteMode#INSERT} a
 * known id is left alone, in {@link WriteMode#UPSERT} a version replaces the stored one only
 * when its {@code published_at} is later, so arrival order does not matter. Records that
 * change nothing are reported as duplicates.
 * <p>
 * The chunk is copied ({@code COPY FROM STDIN}) into a temporary staging table of the
 * session, then moved into {@code log_event} by one {@code INSERT ... SELECT ... ON
 * CONFLICT} in event id order. Measured against a JDBC batch of single-row inserts, with
 * and without pgjdbc's multi-row rewriting, this costs PostgreSQL the least CPU per row, and
 * unlike a rewritten batch it still tells how many rows changed: the duplicate figure of the
 * run summary. The chunk's own versions of an id are reduced to one first, in the order of
 * the partition (a chunk is one partition): in insert mode to the earliest record, as across
 * chunks, since the order of equal ids in PostgreSQL's sort is arbitrary and the first row
 * inserted would win; in upsert mode to the newest (the earliest record among equals), as one
 * statement cannot change a row twice. The reduced-away events count as duplicates.
 * <p>
 * Everything runs inside a savepoint of the chunk's transaction: after a PostgreSQL error the
 * transaction can only continue from a savepoint, and both the step's retry of a transient
 * failure and its item-by-item scan after a failed chunk write go on in that same
 * transaction. The staging table empties itself at every commit. Not thread-safe: one
 * instance per partition step.
 */
public class LogEventWriter implements ItemWriter<ParsedRecord> {

	private static final String STAGE = "logbatch_stage";

	private static final String CREATE_STAGE = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGE + """
			 (event_id text, occurred_at timestamptz, level text, service text, host text, message text,
			  trace_id text, attributes jsonb, source_topic text, source_partition int, source_offset bigint,
			  published_at timestamptz) ON COMMIT DELETE ROWS""";

	private static final String COPY = "COPY " + STAGE + " (" + CopyRows.COLUMNS + ") FROM STDIN";

	private static final String INSERT = "INSERT INTO log_event (" + CopyRows.COLUMNS + ", ingested_at) ";

	private static final String FIRST_PER_ID = "SELECT DISTINCT ON (event_id) " + CopyRows.COLUMNS + ", now() FROM "
			+ STAGE + " ORDER BY event_id, source_offset ON CONFLICT (event_id) DO NOTHING";

	private static final String NEWEST_PER_ID = "SELECT DISTINCT ON (event_id) " + CopyRows.COLUMNS + ", now() FROM "
			+ STAGE + " ORDER BY event_id, published_at DESC, source_offset" + """
			 ON CONFLICT (event_id) DO UPDATE SET occurred_at = EXCLUDED.occurred_at, level = EXCLUDED.level,
			  service = EXCLUDED.service, host = EXCLUDED.host, message = EXCLUDED.message,
			  trace_id = EXCLUDED.trace_id, attributes = EXCLUDED.attributes, source_topic = EXCLUDED.source_topic,
			  source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
			  published_at = EXCLUDED.published_at, ingested_at = EXCLUDED.ingested_at
			WHERE log_event.published_at IS NULL OR log_event.published_at < EXCLUDED.published_at""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate savepoint;

	private final String insert;

	private final ChunkWritten written;

	private final CopyRows rows = new CopyRows();

	/**
	 * @param savepoint a {@code PROPAGATION_NESTED} template over the chunk's transaction
	 * manager
	 * @param written told of each successful write: its events and how many rows they changed
	 */
	public LogEventWriter(JdbcTemplate jdbc, TransactionTemplate savepoint, WriteMode mode, ChunkWritten written) {
		this.jdbc = jdbc;
		this.savepoint = savepoint;
		this.insert = INSERT + ((mode == WriteMode.UPSERT) ? NEWEST_PER_ID : FIRST_PER_ID);
		this.written = written;
	}

	@Override
	public void write(Chunk<? extends ParsedRecord> chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		int[] events = new int[1];
		Integer changed = this.savepoint
			.execute((status) -> this.jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
				events[0] = stage(connection, chunk);
				if (events[0] == 0) {
					return 0;
				}
				try (Statement statement = connection.createStatement()) {
					return statement.executeUpdate(this.insert);
				}
			}));
		this.written.written(chunk, events[0], (changed != null) ? changed : 0);
	}

	/** Copies the events of a chunk's records into the staging table and returns how many there were. */
	private int stage(Connection connection, Chunk<? extends ParsedRecord> chunk) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE_STAGE);
		}
		CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
		try {
			int events = 0;
			this.rows.clear();
			for (ParsedRecord record : chunk) {
				for (LogEvent event : record.events()) {
					this.rows.add(event);
					events++;
					if (this.rows.isFull()) {
						copy.writeToCopy(this.rows.buffer(), 0, this.rows.length());
						this.rows.clear();
					}
				}
			}
			copy.writeToCopy(this.rows.buffer(), 0, this.rows.length());
			copy.endCopy();
			return events;
		}
		catch (SQLException | RuntimeException ex) {
			if (copy.isActive()) {
				try {
					copy.cancelCopy();
				}
				catch (SQLException cancel) {
					ex.addSuppressed(cancel);
				}
			}
			throw ex;
		}
		finally {
			this.rows.clear();
		}
	}

}
