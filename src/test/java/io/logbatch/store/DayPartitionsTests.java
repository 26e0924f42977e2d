package io.logbatch.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.report.RunSummary;
import io.logbatch.store.DayPartitions.DayPartition;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.StoreWrites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static io.logbatch.support.StoreWrites.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events of any day are stored once, in the partition of their UTC day, which is created when it
 * is missing: far past and far future, days never seen before, days that several writers need at
 * once, and days dropped behind a writer's back. Each test uses days of its own: partitions stay
 * in the shared test database from test to test.
 */
class DayPartitionsTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesEventsOfManyDaysFromYear0001ToYear9999OnceEachInThePartitionOfItsUtcDay() {
		// given events over 20 days of 2031, the first and last microseconds of the years 0001 and
		// 9999, a time PostgreSQL rounds up to the next day, and a day without a partition
		List<LogEvent> events = new ArrayList<>();
		for (int day = 1; day <= 20; day++) {
			events.add(event("march-" + day, "2031-03-%02dT12:00:00Z".formatted(day), "checkout", "INFO"));
		}
		events.add(event("first", "0001-01-01T00:00:00Z", "checkout", "INFO"));
		events.add(event("last", "9999-12-31T23:59:59.999999Z", "checkout", "INFO"));
		events.add(event("rounded-up", "2031-04-01T23:59:59.9999996Z", "checkout", "INFO"));
		events.add(event("before-midnight", "2031-04-01T23:59:59.999999Z", "checkout", "INFO"));
		events.add(event("new-day", "1601-02-03T04:05:06Z", "checkout", "INFO"));
		assertThat(partitionExists("log_event_p16010203")).isFalse();
		StoreWrites writes = new StoreWrites(WriteMode.INSERT);

		// when the chunk is written, and written again
		writes.write(events.toArray(LogEvent[]::new));
		writes.write(events.toArray(LogEvent[]::new));

		// then each event is one row, in its day's partition
		assertThat(Database.eventCount()).isEqualTo(25);
		assertThat(writes.duplicates()).isEqualTo(25);
		assertThat(partitionOf("march-7")).isEqualTo("log_event_p20310307");
		assertThat(partitionOf("first")).isEqualTo("log_event_p00010101");
		assertThat(partitionOf("last")).isEqualTo("log_event_p99991231");
		assertThat(partitionOf("before-midnight")).isEqualTo("log_event_p20310401");
		assertThat(partitionOf("rounded-up")).isEqualTo("log_event_p20310402");
		assertThat(partitionOf("new-day")).isEqualTo("log_event_p16010203");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'rounded-up' "
				+ "AND occurred_at = '2031-04-02T00:00:00Z'")).isOne();
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(25);
	}

	@Test
	void createsANewDayOnceWhenWritersOfSeveralProcessesAllNeedItAtOnce() throws Exception {
		// given four writers, each with its own knowledge of the partitions as in four processes,
		// each with a chunk of a day that has no partition, overlapping in half their events
		int writers = 4;
		AtomicLong duplicates = new AtomicLong();

		// when they write at the same moment
		StoreWrites.atOnce(writers, (writer) -> {
			StoreWrites writes = new StoreWrites(WriteMode.INSERT);
			writes.write(chunkOfTheNewDay(writer));
			duplicates.addAndGet(writes.duplicates());
		});

		// then the day is there once, and every event once
		assertThat(partitionsNamed("log_event_p18150618")).isOne();
		assertThat(Database.eventCount()).isEqualTo(625);
		assertThat(duplicates).hasValue(375);
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	@Test
	void storesTheEventsOfANewDayThatEveryPartitionStepOfARunNeedsAtOnce() throws Exception {
		// given four Kafka partitions, each with events of two days that have no partition, some
		// of them also in another partition
		String topic = Kafka.uniqueTopic("new-day");
		Kafka.createTopicWithDeadLetterTopic(topic, 4);
		for (int partition = 0; partition < 4; partition++) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				int id = partition * 40 + i;
				values.add("""
						{"event_id":"moon-%d","@timestamp":"1969-07-%02dT20:%02d:00Z","level":"INFO","message":"m"}"""
					.formatted(id, 20 + id % 2, id % 60));
			}
			Kafka.sendAll(topic, partition, values);
		}
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.concurrency", "4")
			.with("logbatch.chunk-size", "10")
			// its rollups of 1969 outlive the run's prune of rollups
			.with("logbatch.store.rollup-retention", "1000000d");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(170);
		assertThat(summary.duplicates()).isEqualTo(30);
		assertThat(Database.eventCount()).isEqualTo(170);
		assertThat(partitionsNamed("log_event_p19690720")).isOne();
		assertThat(partitionsNamed("log_event_p19690721")).isOne();
		assertThat(Database.rollupDifferences()).isEmpty();
	}

	@Test
	void createsAgainADayThatAnotherProcessDroppedSinceThisOneWroteIt() {
		// given a writer that stored an event of a day, whose partition another process then dropped
		StoreWrites writes = new StoreWrites(WriteMode.INSERT);
		writes.write(event("before", "1700-05-06T07:00:00Z", "checkout", "INFO"));
		assertThat(otherProcessPartitions().drop(LocalDate.parse("1700-05-06"))).isTrue();
		assertThat(partitionExists("log_event_p17000506")).isFalse();

		// when the writer, which knew the day had a partition, writes to that day again
		writes.write(event("after", "1700-05-06T08:00:00Z", "checkout", "INFO"));

		// then the day's partition is created again, with the new event
		assertThat(partitionOf("after")).isEqualTo("log_event_p17000506");
		assertThat(Database.eventCount()).isOne();
	}

	@Test
	void listsThePartitionsByDayAndDropsOneWithItsRows() {
		// given events of three days
		new StoreWrites(WriteMode.INSERT).write(event("a", "1800-01-01T10:00:00Z", "checkout", "INFO"),
				event("b", "1800-01-02T10:00:00Z", "checkout", "INFO"),
				event("c", "1800-01-03T10:00:00Z", "checkout", "INFO"));
		DayPartitions partitions = otherProcessPartitions();

		// when
		List<DayPartition> listed = partitions.list();
		boolean dropped = partitions.drop(LocalDate.parse("1800-01-02"));
		boolean droppedAgain = partitions.drop(LocalDate.parse("1800-01-02"));

		// then
		assertThat(listed).extracting(DayPartition::day)
			.contains(LocalDate.parse("1800-01-01"), LocalDate.parse("1800-01-02"), LocalDate.parse("1800-01-03"))
			.isSorted();
		assertThat(listed).filteredOn((partition) -> partition.day().equals(LocalDate.parse("1800-01-02")))
			.singleElement()
			.satisfies((partition) -> {
				assertThat(partition.name()).isEqualTo("log_event_p18000102");
				assertThat(partition.bytes()).isPositive();
			});
		assertThat(dropped).isTrue();
		assertThat(droppedAgain).isFalse();
		assertThat(partitions.list()).extracting(DayPartition::day)
			.contains(LocalDate.parse("1800-01-01"), LocalDate.parse("1800-01-03"))
			.doesNotContain(LocalDate.parse("1800-01-02"));
		assertThat(Database.jdbc().queryForList("SELECT event_id FROM log_event ORDER BY 1", String.class))
			.containsExactly("a", "c");
	}

	@Test
	void readsTheDayOfEveryLowerBoundPostgreSqlWrites() {
		assertThat(DayPartitions.dayOf("2026-12-01 00:00:00+00")).isEqualTo(LocalDate.parse("2026-12-01"));
		assertThat(DayPartitions.dayOf("0001-01-01 00:00:00+00")).isEqualTo(LocalDate.parse("0001-01-01"));
		assertThat(DayPartitions.dayOf("10000-01-01 00:00:00+00")).isEqualTo(LocalDate.of(10000, 1, 1));
		assertThat(DayPartitions.dayOf("0001-12-31 00:00:00+00 BC")).isEqualTo(LocalDate.of(0, 12, 31));
		assertThat(DayPartitions.nameOf(LocalDate.of(10000, 1, 1))).isEqualTo("log_event_p100000101");
		assertThat(DayPartitions.midnight(LocalDate.parse("0001-01-01"))).isEqualTo("0001-01-01 00:00:00+00");
	}

	/** 250 events of 1815-06-18, half of them shared with the next writer's. */
	private static LogEvent[] chunkOfTheNewDay(int writer) {
		LogEvent[] events = new LogEvent[250];
		for (int i = 0; i < events.length; i++) {
			int id = writer * 125 + i;
			events[i] = event("waterloo-" + id, "1815-06-18T%02d:%02d:00Z".formatted(id / 60 % 24, id % 60),
					"army-" + (id % 3), (id % 5 == 0) ? "ERROR" : "INFO");
		}
		return events;
	}

	private static DayPartitions otherProcessPartitions() {
		return new DayPartitions(Database.jdbc(), new DataSourceTransactionManager(Database.jdbc().getDataSource()));
	}

	private static String partitionOf(String eventId) {
		return Database.jdbc()
			.queryForObject("SELECT tableoid::regclass::text FROM log_event WHERE event_id = ?", String.class, eventId);
	}

	private static boolean partitionExists(String name) {
		return partitionsNamed(name) > 0;
	}

	private static long partitionsNamed(String name) {
		return Database.count("""
				SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
				WHERE i.inhparent = 'log_event'::regclass AND c.relname = ?""", name);
	}

}
