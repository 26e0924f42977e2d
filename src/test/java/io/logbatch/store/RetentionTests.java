package io.logbatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.logbatch.LogbatchProperties.Store;
import io.logbatch.support.PartitionedStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against a real PostgreSQL holding the partitioned store: exactly the days that ended longer
 * ago than the retention are dropped, whole; rollups likewise by their own retention; a writer and a
 * reader in progress neither fail nor wait for a prune, and a prune does not wait long for them.
 */
class RetentionTests {

	private static final Duration THIRTY_DAYS = Duration.ofDays(30);

	/** Short waits, so that a prune that must give up does so in about 2 s. */
	private static final LockWaits SHORT_WAITS = new LockWaits(Duration.ofMillis(500), 3, Duration.ofMillis(200));

	private PartitionedStore store;

	@BeforeEach
	void createStore() {
		this.store = PartitionedStore.create("retention_tests");
	}

	@Test
	void dropsExactlyTheDaysThatEndedLongerAgoThanTheRetention() {
		// given days around the boundary, the first and the last day a partition can hold, with events
		List<LocalDate> days = days("0001-01-01", "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02",
				"2026-12-01", "9999-12-31");
		days.forEach((day) -> {
			this.store.createDay(day);
			this.store.insertEvents("e" + day, day.atTime(12, 0).toInstant(ZoneOffset.UTC), 3);
		});

		// when pruning with 30 days at the very instant 2026-10-31 has ended 30 days ago
		PruneOutcome outcome = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false), "2026-12-01T00:00:00Z")
			.prune();

		// then the days up to 2026-10-31 are gone, tables and all, and the others keep every event
		assertThat(outcome.problem()).isNull();
		assertThat(outcome.dropped()).containsExactly(partition("0001-01-01"), partition("2026-10-30"),
				partition("2026-10-31"));
		assertThat(this.store.partitions()).containsExactly(partition("2026-11-01"), partition("2026-11-02"),
				partition("2026-12-01"), partition("9999-12-31"));
		assertThat(this.store.exists(partition("2026-10-31"))).isFalse();
		assertThat(this.store.jdbc().queryForObject("SELECT count(*) FROM log_event", Long.class)).isEqualTo(12);
	}

	@Test
	void keepsTheDayThatHasNotQuiteEndedLongerAgo() {
		// given
		days("2026-10-30", "2026-10-31", "2026-11-01").forEach(this.store::createDay);

		// when pruning a microsecond before 2026-10-31 has ended 30 days ago
		PruneOutcome outcome = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false),
				"2026-11-30T23:59:59.999999Z").prune();

		// then
		assertThat(outcome.dropped()).containsExactly(partition("2026-10-30"));
		assertThat(this.store.partitions()).containsExactly(partition("2026-10-31"), partition("2026-11-01"));
	}

	@Test
	void listsWithoutDroppingWhatAPruneWouldDrop() {
		// given
		days("2026-10-30", "2026-10-31", "2026-11-01").forEach(this.store::createDay);
		this.store.insertEvents("old", Instant.parse("2026-10-30T08:00:00Z"), 5);
		this.store.jdbc().execute("ANALYZE log_event");

		// when
		PrunePlan plan = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false), "2026-12-01T10:00:00Z").plan();

		// then
		assertThat(plan.keptFrom()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		assertThat(plan.expired()).extracting(DayPartition::table)
			.containsExactly(partition("2026-10-30"), partition("2026-10-31"));
		assertThat(plan.partitions()).extracting(DayPartition::day).containsExactlyElementsOf(days("2026-10-30",
				"2026-10-31", "2026-11-01"));
		assertThat(plan.partitions().get(0).estimatedRows()).isEqualTo(5);
		assertThat(plan.partitions().get(0).bytes()).isPositive();
		assertThat(this.store.partitions()).hasSize(3);
	}

	@Test
	void keepsEveryPartitionWithoutARetentionAndDeletesRollupsOfTheDaysPastTheirs() {
		// given rollups of the days around the rollup retention's boundary
		days("2025-10-26", "2025-10-27").forEach(this.store::createDay);
		for (String bucket : List.of("2025-10-25T23:59:00Z", "2025-10-26T00:00:00Z", "2025-10-26T23:59:00Z",
				"2025-10-27T00:00:00Z", "2026-12-01T09:59:00Z")) {
			this.store.jdbc().update("INSERT INTO log_rollup (bucket, service, level, events) VALUES (?, 'api', 'INFO', 1)",
					Instant.parse(bucket).atOffset(ZoneOffset.UTC));
			this.store.jdbc().update("INSERT INTO log_rollup_hour (bucket, service, level, events) "
					+ "VALUES (date_trunc('hour', ?::timestamptz, 'UTC'), 'api', 'INFO', 1)",
					Instant.parse(bucket).atOffset(ZoneOffset.UTC));
		}

		// when pruning on 2026-12-01 with 400 days of rollups, which keep 2025-10-27 on
		PruneOutcome outcome = retention(new Store(null, Duration.ofDays(400), false), "2026-12-01T10:00:00Z").prune();

		// then
		assertThat(outcome.problem()).isNull();
		assertThat(outcome.dropped()).isEmpty();
		assertThat(outcome.deletedRollups()).isEqualTo(3);
		assertThat(this.store.partitions()).hasSize(2);
		assertThat(this.store.jdbc().queryForList("SELECT bucket::text FROM log_rollup ORDER BY bucket", String.class))
			.containsExactly("2025-10-27 00:00:00+00", "2026-12-01 09:59:00+00");
		assertThat(this.store.jdbc()
			.queryForList("SELECT bucket::text FROM log_rollup_hour ORDER BY bucket", String.class))
			.containsExactly("2025-10-27 00:00:00+00", "2026-12-01 09:00:00+00");
	}

	@Test
	void dropsADayWhileAWriterGoesOnStoringEventsOfKeptDays() throws Exception {
		// given an expired day, and a writer committing an event of today after another, as a run does
		this.store.createDay(LocalDate.parse("2026-10-01"));
		this.store.insertEvents("old", Instant.parse("2026-10-01T12:00:00Z"), 100);
		this.store.createDay(LocalDate.parse("2026-12-01"));
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger written = new AtomicInteger();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			while (!stop.get()) {
				this.store.insertEvents("w" + written.get(), Instant.parse("2026-12-01T09:00:00Z"), 1);
				written.incrementAndGet();
			}
		});
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 10);

		// when
		PruneOutcome outcome;
		try {
			outcome = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false), "2026-12-01T10:00:00Z").prune();
		}
		finally {
			stop.set(true);
		}

		// then the day is dropped, and the writer never failed and lost nothing
		writer.get(30, TimeUnit.SECONDS);
		assertThat(outcome.problem()).isNull();
		assertThat(outcome.dropped()).containsExactly(partition("2026-10-01"));
		assertThat(this.store.partitions()).containsExactly(partition("2026-12-01"));
		assertThat(this.store.jdbc().queryForObject("SELECT count(*) FROM log_event", Long.class))
			.isEqualTo(written.get());
	}

	@Test
	void neitherAnOpenWriteNorALongQueryFailsOrWaitsAndThePruneGivesUpWithinItsWaits() throws Exception {
		// given an expired day and a kept one
		this.store.createDay(LocalDate.parse("2026-10-01"));
		this.store.insertEvents("old", Instant.parse("2026-10-01T12:00:00Z"), 100);
		this.store.createDay(LocalDate.parse("2026-12-01"));
		this.store.insertEvents("new", Instant.parse("2026-12-01T08:00:00Z"), 10);
		Retention retention = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false), "2026-12-01T10:00:00Z");

		try (Connection writer = this.store.dataSource().getConnection()) {
			// and a writer that stored an event of the kept day in a transaction still open
			writer.setAutoCommit(false);
			insert(writer, "open-1");
			// and a query over all of log_event that takes 6 s
			CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> this.store.jdbc()
				.queryForObject("SELECT (SELECT count(*) FROM log_event) FROM pg_sleep(6)", Long.class));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::readerIsRunning);

			// when
			long start = System.nanoTime();
			PruneOutcome first = retention.prune();
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			// then the prune gave the day up within its waits, leaving it detached for the next prune
			assertThat(took).isLessThan(Duration.ofSeconds(5));
			assertThat(first.dropped()).isEmpty();
			assertThat(first.problem()).startsWith(partition("2026-10-01") + " is still in use by transactions that "
					+ "began before its detach (lock_timeout 500ms, 3 tries); it is left for the next prune");
			// and a query that starts now no longer reads the expired day
			assertThat(this.store.jdbc().queryForObject("SELECT count(*) FROM log_event", Long.class)).isEqualTo(10);

			// and the writer goes on and commits, and the reader gets every row it was planned over
			insert(writer, "open-2");
			writer.commit();
			assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(110);
		}

		// when they are done
		PruneOutcome second = retention.prune();

		// then the next prune finishes the detach and drops the day
		assertThat(second.problem()).isNull();
		assertThat(second.dropped()).containsExactly(partition("2026-10-01"));
		assertThat(this.store.exists(partition("2026-10-01"))).isFalse();
		assertThat(this.store.partitions()).containsExactly(partition("2026-12-01"));
		assertThat(this.store.jdbc().queryForObject("SELECT count(*) FROM log_event", Long.class)).isEqualTo(12);
	}

	@Test
	void leavesTheWorkToAPruneInProgressElsewhere() throws Exception {
		// given an expired day and another process pruning
		this.store.createDay(LocalDate.parse("2026-10-01"));
		try (Connection other = this.store.dataSource().getConnection()) {
			other.createStatement().execute("SELECT pg_advisory_lock(hashtextextended('logbatch-prune', 0))");

			// when
			PruneOutcome outcome = retention(new Store(THIRTY_DAYS, Duration.ofDays(400), false),
					"2026-12-01T10:00:00Z").prune();

			// then
			assertThat(outcome.anotherPrune()).isTrue();
			assertThat(outcome.dropped()).isEmpty();
			assertThat(this.store.partitions()).containsExactly(partition("2026-10-01"));
		}
	}

	@Test
	void isDueExactlyWhenAPruneWouldDropOrDeleteSomething() {
		// given days 2026-10-31 and 2026-11-01, and a day a prune detached but could not drop
		days("2026-10-31", "2026-11-01").forEach(this.store::createDay);
		Store thirtyDays = new Store(THIRTY_DAYS, Duration.ofDays(400), false);
		Store noRetention = new Store(null, Duration.ofDays(400), false);

		// then a microsecond before 2026-10-31 has ended 30 days ago nothing is due, at that instant it is
		assertDue(retention(thirtyDays, "2026-11-30T23:59:59.999999Z"), false);
		assertDue(retention(thirtyDays, "2026-12-01T00:00:00Z"), true);
		assertDue(retention(noRetention, "2027-12-01T00:00:00Z"), false);

		// and a rollup of a day past the rollup retention is due, in either table
		for (String table : List.of("log_rollup", "log_rollup_hour")) {
			this.store.jdbc().update("INSERT INTO " + table + " (bucket, service, level, events) "
					+ "VALUES ('2025-10-26 23:00:00+00', 'api', 'INFO', 1)");
			assertDue(retention(noRetention, "2026-11-30T10:00:00Z"), false);
			assertDue(retention(noRetention, "2026-12-01T10:00:00Z"), true);
			this.store.jdbc().update("DELETE FROM " + table);
		}

		// and so is a table a prune detached, whatever its day
		this.store.jdbc().execute("CREATE TABLE detached_day (LIKE log_event)");
		this.store.jdbc().execute("COMMENT ON TABLE detached_day IS '" + PartitionCatalog.DETACHED_MARK + "'");
		assertDue(retention(noRetention, "2026-12-01T10:00:00Z"), true);
	}

	private static void assertDue(Retention retention, boolean due) {
		assertThat(retention.due()).as("due at " + retention.plan().now()).isEqualTo(due);
	}

	private Retention retention(Store settings, String now) {
		return new Retention(this.store.dataSource(), settings, Clock.fixed(Instant.parse(now), ZoneOffset.UTC),
				SHORT_WAITS);
	}

	private boolean readerIsRunning() {
		return this.store.jdbc().queryForObject("""
				SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.relation = 'log_event'::regclass AND a.query LIKE '%pg_sleep(6)%' AND a.state = 'active'
				  AND a.pid <> pg_backend_pid()""", Long.class) > 0;
	}

	private static void insert(Connection connection, String eventId) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(
				"INSERT INTO log_event (event_id, occurred_at) VALUES (?, '2026-12-01 09:00:00+00') RETURNING 1");
				ResultSet rows = executeQuery(statement, eventId)) {
			assertThat(rows.next()).isTrue();
		}
	}

	private static ResultSet executeQuery(PreparedStatement statement, String eventId) throws Exception {
		statement.setString(1, eventId);
		return statement.executeQuery();
	}

	private static List<LocalDate> days(String... days) {
		return java.util.Arrays.stream(days).map(LocalDate::parse).toList();
	}

	private static String partition(String day) {
		return PartitionedStore.partitionOf(LocalDate.parse(day));
	}

}
