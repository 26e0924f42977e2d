package io.logbatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.support.Database;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The look-up of a chunk's events reads what it probes, whatever PostgreSQL knows of the partition: a
 * day's partition fills from empty during a run, and until autovacuum analyzes it the planner has no
 * statistics of it.
 */
class NewEventsLookUpTests {

	private static final LocalDate DAY = LocalDate.of(2031, 7, 15);

	private static final int STORED = 250_000;

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
			Database.jdbc().getDataSource());

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void aChunkLookedUpInALargeUnanalyzedPartitionReadsOnlyTheRowsOfItsOwnEvents() {
		// given a day's partition of 250,000 events that PostgreSQL has never analyzed
		new DayPartitions(Database.jdbc(), this.transactions).ensure(List.of(DAY));
		Database.jdbc()
			.update("INSERT INTO log_event (event_id, occurred_at, level, service, message) SELECT 'e-' || i, "
					+ "timestamptz '2031-07-15 00:00:00+00' + i * interval '300 milliseconds', 'INFO', 'svc', 'stored' "
					+ "FROM generate_series(0, ?) AS i", STORED - 1);
		String partition = DayPartitions.nameOf(DAY);
		assertThat(Database.count("SELECT count(*) FROM pg_stat_user_tables WHERE relname = ? "
				+ "AND last_analyze IS NULL AND last_autoanalyze IS NULL", partition)).isOne();
		// and a chunk of 1,000 events: the last 500 stored ones, then 500 new ones
		Chunk<ParsedRecord> chunk = new Chunk<>();
		for (int i = STORED - 500; i < STORED + 500; i++) {
			Instant at = Instant.parse("2031-07-15T00:00:00Z").plusMillis(300L * i);
			LogEvent event = new LogEvent("e-" + i, at, "INFO", "svc", null, "sent", null, null, "logs", 0, i, at);
			chunk.add(new ParsedRecord(new ConsumerRecord<>("logs", 0, i, null, new byte[] { '{', '}' }), event));
		}

		// when the chunk is stored, counting what its transaction read of the partition
		Map<String, Object> read = new TransactionTemplate(this.transactions).execute((status) -> Database.jdbc()
			.execute((ConnectionCallback<Map<String, Object>>) (connection) -> {
				NewEvents.Stored stored = new NewEvents(new CopyRows()).store(connection, chunk);
				assertThat(stored.copied()).isEqualTo(500);
				return Database.jdbc()
					.queryForMap("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS rows_read "
							+ "FROM pg_stat_xact_user_tables WHERE relname = ?", partition);
			}));

		// then it read the 500 rows it found, not the day's 250,000
		assertThat(((Number) read.get("rows_read")).longValue()).isLessThanOrEqualTo(1_000);
		assertThat(Database.count("SELECT count(*) FROM log_event")).isEqualTo(STORED + 500);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE message = 'sent'")).isEqualTo(500);
	}

}
