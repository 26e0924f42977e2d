package io.logbatch.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongConsumer;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a chunk of events as one JDBC batch, idempotent by {@code event_id}: in
 * {@link WriteMode#INSERT} a known id is left alone, in {@link WriteMode#UPSERT} a version
 * replaces the stored one only when its {@code published_at} is later, so arrival order does
 * not matter. Rows that change nothing are reported as duplicates.
 * <p>
 * {@code JdbcBatchItemWriter} is not used because it reports no per-row update counts, and
 * those counts are the duplicate figure of the run summary.
 * <p>
 * The batch runs inside a savepoint of the chunk's transaction: after a PostgreSQL error the
 * transaction can only continue from a savepoint, and both the step's retry of a transient
 * failure and its item-by-item scan after a failed chunk write go on in that same
 * transaction. Thread-safe.
 */
public class LogEventWriter implements ItemWriter<ParsedRecord> {

	private static final String INSERT = """
			INSERT INTO log_event (event_id, occurred_at, level, service, host, message, trace_id, attributes,
			  source_topic, source_partition, source_offset, published_at, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, now())
			ON CONFLICT (event_id) DO""";

	private static final String DO_NOTHING = " NOTHING";

	private static final String DO_UPDATE_WHEN_NEWER = """
			 UPDATE SET occurred_at = EXCLUDED.occurred_at, level = EXCLUDED.level,
			  service = EXCLUDED.service, host = EXCLUDED.host, message = EXCLUDED.message,
			  trace_id = EXCLUDED.trace_id, attributes = EXCLUDED.attributes, source_topic = EXCLUDED.source_topic,
			  source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
			  published_at = EXCLUDED.published_at, ingested_at = EXCLUDED.ingested_at
			WHERE log_event.published_at IS NULL OR log_event.published_at < EXCLUDED.published_at""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate savepoint;

	private final String sql;

	private final LongConsumer duplicates;

	/**
	 * @param savepoint a {@code PROPAGATION_NESTED} template over the chunk's transaction
	 * manager
	 * @param duplicates told how many rows of each successful write changed nothing
	 */
	public LogEventWriter(JdbcTemplate jdbc, TransactionTemplate savepoint, WriteMode mode, LongConsumer duplicates) {
		this.jdbc = jdbc;
		this.savepoint = savepoint;
		this.sql = INSERT + ((mode == WriteMode.UPSERT) ? DO_UPDATE_WHEN_NEWER : DO_NOTHING);
		this.duplicates = duplicates;
	}

	@Override
	public void write(Chunk<? extends ParsedRecord> chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		List<LogEvent> events = chunk.getItems().stream().map(ParsedRecord::event).toList();
		int[][] counts = this.savepoint.execute((status) -> this.jdbc.batchUpdate(this.sql, events, events.size(),
				LogEventWriter::bind));
		long unchanged = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				if (count == 0) {
					unchanged++;
				}
			}
		}
		this.duplicates.accept(unchanged);
	}

	private static void bind(PreparedStatement statement, LogEvent event) throws SQLException {
		statement.setString(1, event.eventId());
		statement.setObject(2, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
		statement.setString(3, event.level());
		statement.setString(4, event.service());
		statement.setString(5, event.host());
		statement.setString(6, event.message());
		statement.setString(7, event.traceId());
		statement.setString(8, event.attributes());
		statement.setString(9, event.sourceTopic());
		statement.setInt(10, event.sourcePartition());
		statement.setLong(11, event.sourceOffset());
		statement.setObject(12, OffsetDateTime.ofInstant(event.publishedAt(), ZoneOffset.UTC));
	}

}
