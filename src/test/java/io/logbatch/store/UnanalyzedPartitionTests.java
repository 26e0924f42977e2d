package io.logbatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.support.Database;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk's write reads what it probes, whatever PostgreSQL knows of the partition: a day's
 * partition fills from empty during a run, and until autovacuum analyzes it the planner has no
 * statistics of it. Each test writes one chunk of 1,000 events, the last 500 of a never analyzed
 * day of 250,000 and 500 new ones, and counts what its transaction read of that day.
 */
class UnanalyzedPartitionTests {

	private static final LocalDate DAY = LocalDate.of(2031, 7, 15);

	private static final int STORED = 250_000;

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
			Database.jdbc().getDataSource());

	private final AtomicLong changed = new AtomicLong();

	@BeforeEach
	void storeADayThatWasNeverAnalyzed() {
		Database.reset();
		new DayPartitions(Database.jdbc(), this.transactions).ensure(List.of(DAY));
		Database.jdbc()
			.update("INSERT INTO log_event (event_id, occurred_at, level, service, message, published_at) "
					+ "SELECT 'e-' || i, timestamptz '2031-07-15 00:00:00+00' + i * interval '300 milliseconds', "
					+ "'INFO', 'svc', 'stored', timestamptz '2031-07-15 00:00:00+00' FROM generate_series(0, ?) AS i",
					STORED - 1);
		Database.jdbc()
			.update("INSERT INTO log_rollup (bucket, service, level, events) SELECT date_trunc('minute', occurred_at, "
					+ "'UTC'), service, level, count(*) FROM log_event GROUP BY 1, 2, 3");
		Database.jdbc()
			.update("INSERT INTO log_rollup_hour (bucket, service, level, events) SELECT date_trunc('hour', bucket, "
					+ "'UTC'), service, level, sum(events) FROM log_rollup GROUP BY 1, 2, 3");
		assertThat(Database.count("SELECT count(*) FROM pg_stat_user_tables WHERE relname = ? "
				+ "AND last_analyze IS NULL AND last_autoanalyze IS NULL", DayPartitions.nameOf(DAY))).isOne();
	}

	@Test
	void anInsertReadsOnlyTheRowsOfItsOwnEvents() {
		// when a chunk of 500 stored events and 500 new ones is inserted
		long read = rowsReadWriting(WriteMode.INSERT);

		// then it read the 500 rows it found, not the day's 250,000
		assertThat(read).isLessThanOrEqualTo(1_000);
		assertThat(this.changed).hasValue(500);
		assertThat(Database.count("SELECT count(*) FROM log_event")).isEqualTo(STORED + 500);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE message = 'sent'")).isEqualTo(500);
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	@Test
	void anUpsertReadsOnlyTheRowsOfItsOwnEvents() {
		// when a chunk of newer versions of 500 stored events and 500 new ones is upserted
		long read = rowsReadWriting(WriteMode.UPSERT);

		// then it read the rows of its 1,000 events (the probe for older versions, found for all of
		// them once the new ones are inserted) and the 500 it replaced again, not the day's 250,000
		assertThat(read).isLessThanOrEqualTo(2_000);
		assertThat(this.changed).hasValue(1_000);
		assertThat(Database.count("SELECT count(*) FROM log_event")).isEqualTo(STORED + 500);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE message = 'sent'")).isEqualTo(1_000);
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	/**
	 * Writes the chunk, published a second after the stored versions, in a transaction of its own,
	 * and counts the rows the transaction read of the day's partition, by scans and by fetches.
	 */
	private long rowsReadWriting(WriteMode mode) {
		Chunk<ParsedRecord> chunk = new Chunk<>();
		for (int i = STORED - 500; i < STORED + 500; i++) {
			Instant at = Instant.parse("2031-07-15T00:00:00Z").plusMillis(300L * i);
			LogEvent event = new LogEvent("e-" + i, at, "WARN", "svc", null, "sent", null, null, "logs", 0, i,
					Instant.parse("2031-07-15T00:00:01Z"));
			chunk.add(new ParsedRecord(new ConsumerRecord<>("logs", 0, i, null, new byte[] { '{', '}' }), event));
		}
		TransactionTemplate savepoint = new TransactionTemplate(this.transactions);
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		LogEventWriter writer = new LogEventWriter(Database.jdbc(), savepoint,
				new DayPartitions(Database.jdbc(), this.transactions), mode,
				(written, events, changed) -> this.changed.addAndGet(changed));
		Long read = new TransactionTemplate(this.transactions).execute((status) -> {
			writer.write(chunk);
			return Database.jdbc()
				.queryForObject("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
						+ "FROM pg_stat_xact_user_tables WHERE relname = ?", Long.class, DayPartitions.nameOf(DAY));
		});
		return (read != null) ? read : 0;
	}

}
