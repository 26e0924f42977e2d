package io.logbatch.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.support.Database;
import io.logbatch.support.StoreWrites;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LogEventWriterTests {

	private static final String AWKWARD = "tab\there, line\nbreak, cr\r, back\\slash, \\N, \\t literally, "
			+ "\"quoted\", é ü ß, 漢字, emoji 😀, \uD834\uDD1E clef";

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
			Database.jdbc().getDataSource());

	private final DayPartitions dayPartitions = new DayPartitions(Database.jdbc(), this.transactions);

	private final AtomicLong duplicates = new AtomicLong();

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesEveryCharacterAsGivenAndNullsAsNull() {
		// given text with every character COPY's text format escapes, and non-ASCII ones
		LogEvent awkward = new LogEvent("awkward\tid\\1", Instant.parse("2024-05-01T10:00:00.123456Z"), "INFO",
				AWKWARD, "host\n2", AWKWARD, "trace\\", "{\"path\":\"C:\\\\temp\\tx\",\"n\":1}", "logs", 3, 42L,
				Instant.parse("0001-01-01T00:00:00Z"));
		LogEvent nulls = new LogEvent("nulls", Instant.parse("9999-12-31T23:59:59.999999Z"), "WARN", null, null,
				null, null, null, "logs", 0, 0L, Instant.parse("2024-05-01T10:00:00Z"));

		// when
		write(WriteMode.INSERT, awkward, nulls);

		// then
		Map<String, Object> row = Database.jdbc()
			.queryForMap("SELECT event_id, service, host, message, trace_id, attributes::text AS attributes, "
					+ "occurred_at = '2024-05-01T10:00:00.123456Z' AS occurred, "
					+ "published_at = '0001-01-01T00:00:00Z' AS published, source_partition, source_offset "
					+ "FROM log_event WHERE source_offset = 42");
		assertThat(row).containsEntry("event_id", "awkward\tid\\1")
			.containsEntry("service", AWKWARD)
			.containsEntry("host", "host\n2")
			.containsEntry("message", AWKWARD)
			.containsEntry("trace_id", "trace\\")
			.containsEntry("attributes", "{\"n\": 1, \"path\": \"C:\\\\temp\\tx\"}")
			.containsEntry("occurred", true)
			.containsEntry("published", true)
			.containsEntry("source_partition", 3)
			.containsEntry("source_offset", 42L);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'nulls' AND service IS NULL "
				+ "AND host IS NULL AND message IS NULL AND trace_id IS NULL AND attributes IS NULL "
				+ "AND occurred_at = '9999-12-31T23:59:59.999999Z'")).isOne();
	}

	@Test
	void countsKnownIdsAndRepeatsWithinAChunkAsDuplicates() {
		// given an id stored earlier, and a chunk that has it and another id twice
		write(WriteMode.INSERT, event("known", "first", "2024-05-01T10:00:00Z", 1));
		this.duplicates.set(0);

		// when
		write(WriteMode.INSERT, event("known", "again", "2024-05-01T11:00:00Z", 2),
				event("twice", "one", "2024-05-01T10:00:00Z", 3), event("twice", "two", "2024-05-01T12:00:00Z", 4),
				event("new", "only", "2024-05-01T10:00:00Z", 5));

		// then
		assertThat(this.duplicates).hasValue(2);
		assertThat(messages()).containsExactly("known=first", "new=only", "twice=one");
	}

	@Test
	void upsertKeepsTheNewestVersionOfAChunkAndTheEarliestAmongEquals() {
		// given a stored version, and a chunk with older, newer and equally new versions
		write(WriteMode.UPSERT, event("a", "stored", "2024-05-01T10:00:00Z", 1),
				event("b", "stored", "2024-05-01T10:00:00Z", 2));
		this.duplicates.set(0);

		// when
		write(WriteMode.UPSERT, event("a", "older", "2024-05-01T09:00:00Z", 3),
				event("a", "newest-first", "2024-05-01T12:00:00Z", 4),
				event("a", "newest-second", "2024-05-01T12:00:00Z", 5),
				event("a", "newer", "2024-05-01T11:00:00Z", 6), event("b", "same-time", "2024-05-01T10:00:00Z", 7));

		// then
		assertThat(messages()).containsExactly("a=newest-first", "b=stored");
		assertThat(this.duplicates).hasValue(4);
	}

	@Test
	void upsertReplacesVersionsOnEveryDayOfAChunk() {
		// given events stored on three days, one of them in the last half microsecond of a day,
		// which PostgreSQL stores at the next midnight
		List<String> times = List.of("2024-05-01T10:00:00Z", "2024-05-01T23:59:59.9999996Z", "2024-05-02T10:00:00Z",
				"2024-05-03T10:00:00Z");
		LogEvent[] stored = new LogEvent[times.size()];
		LogEvent[] newer = new LogEvent[times.size()];
		for (int i = 0; i < times.size(); i++) {
			Instant at = Instant.parse(times.get(i));
			stored[i] = new LogEvent("e" + i, at, "INFO", "svc", null, "stored", null, null, "logs", 0, i, at);
			newer[i] = new LogEvent("e" + i, at, "WARN", "svc", null, "newer", null, null, "logs", 0, 10 + i,
					at.plusSeconds(60));
		}
		write(WriteMode.UPSERT, stored);
		this.duplicates.set(0);

		// when a chunk of newer versions of all of them is upserted
		write(WriteMode.UPSERT, newer);

		// then each is replaced in its day's partition, and its rollup counts moved with it
		assertThat(messages()).containsExactly("e0=newer", "e1=newer", "e2=newer", "e3=newer");
		assertThat(this.duplicates).hasValue(0);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE level = 'WARN'")).isEqualTo(4);
		assertThat(Database.count("SELECT count(*) FROM log_event_p20240502")).isEqualTo(2);
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	@Test
	void writesAChunkLargerThanTheCopyBuffer() {
		// given 5000 events of about 300 bytes each: more than 1 MB, sent in many COPY pieces
		List<LogEvent> events = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			events.add(event("id-" + i, "m".repeat(250) + i, "2024-05-01T10:00:00Z", i));
		}

		// when
		write(WriteMode.INSERT, events.toArray(LogEvent[]::new));

		// then
		assertThat(Database.eventCount()).isEqualTo(5000);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE message = ? || source_offset",
				"m".repeat(250))).isEqualTo(5000);
	}

	@Test
	void aCopyMeetingAnEventAnotherStepStoredMeanwhileWritesItsChunkConflictSafelyAndCountsItOnce() throws Exception {
		// given another partition step whose transaction has stored "shared" and not yet committed,
		// so that this step's look-up does not find it and its copy waits on the primary key
		write(WriteMode.INSERT, event("earlier", "stored", "2024-05-01T09:00:00Z", 1));
		this.duplicates.set(0);
		AtomicLong otherDuplicates = new AtomicLong();
		LogEventWriter other = writer(WriteMode.INSERT, otherDuplicates);
		CountDownLatch otherWrote = new CountDownLatch(1);
		CompletableFuture<Void> otherStep = CompletableFuture.runAsync(() -> new TransactionTemplate(this.transactions)
			.executeWithoutResult((status) -> {
				other.write(chunk(event("shared", "other", "2024-05-01T10:00:00Z", 7)));
				otherWrote.countDown();
				await().atMost(Duration.ofSeconds(60)).until(LogEventWriterTests::aCopyWaitsOnALock);
			}));
		assertThat(otherWrote.await(60, TimeUnit.SECONDS)).isTrue();

		// when this step writes a chunk with it, an id stored long ago and two new ones
		write(WriteMode.INSERT, event("shared", "mine", "2024-05-01T10:00:00Z", 2),
				event("earlier", "again", "2024-05-01T09:00:00Z", 3), event("new-1", "mine", "2024-05-01T10:00:00Z", 4),
				event("new-2", "mine", "2024-05-01T11:00:00Z", 5));
		otherStep.get(60, TimeUnit.SECONDS);

		// then every event is stored once, the first committed version kept, and counted once
		assertThat(messages()).containsExactly("earlier=stored", "new-1=mine", "new-2=mine", "shared=other");
		assertThat(this.duplicates).hasValue(2);
		assertThat(otherDuplicates).hasValue(0);
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(4);
	}

	@Test
	void anUpsertThatWaitedForALockComparesWithTheVersionsCommittedMeanwhile() throws Exception {
		// given three stored events, and another partition step whose transaction holds the lock of
		// the first, as when it replaces it
		write(WriteMode.UPSERT, version("a", "stored", "INFO", "2024-05-01T10:00:00Z", 1),
				version("x", "stored", "INFO", "2024-05-01T10:00:00Z", 2),
				version("y", "stored", "INFO", "2024-05-01T10:00:00Z", 3));
		this.duplicates.set(0);
		AtomicLong otherDuplicates = new AtomicLong();
		LogEventWriter other = writer(WriteMode.UPSERT, otherDuplicates);
		CountDownLatch otherLocked = new CountDownLatch(1);
		CompletableFuture<Void> otherStep = CompletableFuture.runAsync(() -> new TransactionTemplate(this.transactions)
			.executeWithoutResult((status) -> {
				Database.jdbc().queryForList("SELECT * FROM log_event WHERE event_id = 'a' FOR UPDATE");
				otherLocked.countDown();
				// and that, while this step waits for the lock, replaces the other two by its versions
				// published at 11:00 and 13:00 and commits
				await().atMost(Duration.ofSeconds(60)).until(LogEventWriterTests::anUpsertWaitsOnALock);
				other.write(chunk(version("x", "other", "WARN", "2024-05-01T11:00:00Z", 7),
						version("y", "other", "WARN", "2024-05-01T13:00:00Z", 8)));
			}));
		assertThat(otherLocked.await(60, TimeUnit.SECONDS)).isTrue();

		// when this step upserts versions of all three published at 12:00
		write(WriteMode.UPSERT, version("a", "mine", "ERROR", "2024-05-01T12:00:00Z", 4),
				version("x", "mine", "ERROR", "2024-05-01T12:00:00Z", 5),
				version("y", "mine", "ERROR", "2024-05-01T12:00:00Z", 6));
		otherStep.get(60, TimeUnit.SECONDS);

		// then the newest version of each is stored, whoever committed first, and counted once
		assertThat(messages()).containsExactly("a=mine", "x=mine", "y=other");
		assertThat(Database.jdbc().queryForList("SELECT level FROM log_event ORDER BY event_id", String.class))
			.containsExactly("ERROR", "ERROR", "WARN");
		assertThat(otherDuplicates).hasValue(0);
		assertThat(this.duplicates).hasValue(1);
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(3);
	}

	@Test
	void partitionStepsUpsertingTheSameEventsAtOnceNeitherDeadlockNorKeepAnOlderVersion() throws Exception {
		// given four partition steps, each upserting its versions of the same 30 events round after
		// round, each version published later than those of the steps before it in its round and of
		// every earlier round, at a level of its own
		int writers = 4;
		int rounds = 10;

		// when they all write at once
		StoreWrites.atOnce(writers, (writer) -> {
			StoreWrites writes = new StoreWrites(WriteMode.UPSERT);
			for (int round = 0; round < rounds; round++) {
				LogEvent[] versions = new LogEvent[30];
				for (int i = 0; i < versions.length; i++) {
					Instant published = Instant.parse("2024-05-01T12:00:00Z").plusSeconds(round * writers + writer);
					versions[i] = new LogEvent("shared-" + i, Instant.parse("2024-05-01T09:00:00Z"), "L" + writer, "svc",
							null, "writer " + writer, null, null, "logs", writer, round, published);
				}
				writes.write(versions);
			}
		});

		// then each event holds the newest version, the last step's of the last round
		assertThat(Database.jdbc().queryForList("SELECT DISTINCT message || ' ' || level || ' ' || published_at "
				+ "FROM log_event", String.class))
			.containsExactly("writer 3 L3 2024-05-01 12:00:39+00");
		assertThat(Database.eventCount()).isEqualTo(30);
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	@Test
	void countsTheRollupsOfCopiedAndConflictSafeWritesOfOneTransactionTogether() {
		// given a transaction that copies one chunk and writes another conflict-safely, as when a
		// copy met a concurrent insert: the counts in memory and those in the table add up
		LogEventWriter copying = writer(WriteMode.INSERT, this.duplicates);
		LogEventWriter upserting = writer(WriteMode.UPSERT, this.duplicates);

		// when
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			copying.write(chunk(at("a", "2024-05-01T10:00:00Z", 1), at("b", "2024-05-01T10:00:30.0000004Z", 2)));
			upserting.write(chunk(at("c", "2024-05-01T10:00:59.9999996Z", 3)));
			copying.write(chunk(at("d", "2024-05-01T12:00:00Z", 4), at("e", "2024-05-01T10:59:59.9999999Z", 5)));
		});

		// then
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.count("SELECT events FROM log_rollup WHERE bucket = '2024-05-01T10:00:00Z'")).isEqualTo(2);
		assertThat(Database.count("SELECT events FROM log_rollup WHERE bucket = '2024-05-01T10:01:00Z'")).isOne();
		assertThat(Database.count("SELECT events FROM log_rollup_hour WHERE bucket = '2024-05-01T11:00:00Z'")).isOne();
		assertThat(Database.count("SELECT events FROM log_rollup_hour WHERE bucket = '2024-05-01T12:00:00Z'")).isOne();
	}

	private static boolean aCopyWaitsOnALock() {
		return Database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
				+ "AND query LIKE 'COPY log_event %'") > 0;
	}

	private static boolean anUpsertWaitsOnALock() {
		return Database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
				+ "AND query LIKE '%logbatch_stage%'") > 0;
	}

	private LogEventWriter writer(WriteMode mode, AtomicLong duplicates) {
		TransactionTemplate savepoint = new TransactionTemplate(this.transactions);
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		return new LogEventWriter(Database.jdbc(), savepoint, this.dayPartitions, mode,
				(written, offered, changed) -> duplicates.addAndGet(offered - changed));
	}

	private static Chunk<ParsedRecord> chunk(LogEvent... events) {
		Chunk<ParsedRecord> chunk = new Chunk<>();
		for (LogEvent event : events) {
			chunk.add(new ParsedRecord(new ConsumerRecord<>(event.sourceTopic(), event.sourcePartition(),
					event.sourceOffset(), null, new byte[] { '{', '}' }), event));
		}
		return chunk;
	}

	private void write(WriteMode mode, LogEvent... events) {
		LogEventWriter writer = writer(mode, this.duplicates);
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> writer.write(chunk(events)));
	}

	private static List<String> messages() {
		return Database.jdbc()
			.queryForList("SELECT event_id || '=' || message FROM log_event ORDER BY event_id", String.class);
	}

	/** An event of that time, which rounds up to the next minute or hour in the last half microsecond. */
	private static LogEvent at(String id, String occurredAt, long offset) {
		return new LogEvent(id, Instant.parse(occurredAt), "INFO", "svc", null, "m", null, null, "logs", 0, offset,
				Instant.parse(occurredAt));
	}

	private static LogEvent version(String id, String message, String level, String publishedAt, long offset) {
		return new LogEvent(id, Instant.parse("2024-05-01T09:00:00Z"), level, "svc", null, message, null, null, "logs",
				0, offset, Instant.parse(publishedAt));
	}

	private static LogEvent event(String id, String message, String publishedAt, long offset) {
		return new LogEvent(id, Instant.parse("2024-05-01T09:00:00Z"), "INFO", null, null, message, null, null, "logs",
				0, offset, Instant.parse(publishedAt));
	}

}
