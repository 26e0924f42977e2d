package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.List;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultToleranceTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeInjectedFailures() {
		Faults.clear();
	}

	@Test
	void recoversATransientDatabaseFailureByRetrying() throws Exception {
		// given PostgreSQL failing the first two inserts with a serialization failure
		String topic = Kafka.uniqueTopic("transient");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events(30));
		Faults.failInserts("40001", 2, null);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(Database.eventCount()).isEqualTo(30);
		assertThat(summary.deadLettered()).isZero();
		assertThat(Kafka.readAll(topic + "-dlt")).isEmpty();
	}

	@Test
	void failsTheRunWhenATransientFailureOutlastsTheRetriesAndResumesOnTheNextRun() throws Exception {
		// given a database that keeps failing from the second chunk on
		String topic = Kafka.uniqueTopic("outage");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events(30));
		Faults.failInserts("40P01", 1000, "NEW.source_offset >= 10");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");

		// when
		RunSummary failed = logbatch.run();

		// then the first chunk is committed, nothing after it, and nothing was dead-lettered
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(Database.eventCount()).isEqualTo(10);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 10L);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 10L);
		assertThat(Kafka.readAll(topic + "-dlt")).isEmpty();

		// when the database recovers
		removeInjectedFailures();
		RunSummary next = logbatch.run();

		// then
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(next.read()).isEqualTo(20);
		assertThat(Database.eventCount()).isEqualTo(30);
	}

	@Test
	void deadLettersOnlyTheRowThatPostgresqlRejectsAndStoresTheRestOfItsChunk() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("reject");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events(25));
		Faults.failInserts("23514", 1000, "NEW.event_id = 'e-13'");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(Database.eventCount()).isEqualTo(24);
		assertThat(summary.written()).isEqualTo(24);
		assertThat(summary.deadLettered()).isEqualTo(1);
		assertThat(Kafka.readAll(topic + "-dlt")).singleElement()
			.satisfies((record) -> assertThat(record.offset()).isZero())
			.satisfies((record) -> assertThat(new String(record.value())).contains("e-13"));
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 25L);
	}

	@Test
	void aRecordByRecordScanThatFailsPartWayCommitsTheOffsetOfTheLastRecordItStored() throws Exception {
		// given a chunk whose write fails, then whose record-by-record scan reaches the skip limit
		String topic = Kafka.uniqueTopic("scan");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		Faults.failInserts("23514", 1000, "NEW.event_id IN ('e-3', 'e-6')");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10")
			.with("logbatch.skip-limit", "1");

		// when
		RunSummary failed = logbatch.run();

		// then the records before e-6 are stored or dead-lettered, and the offset says so
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(Database.eventCount()).isEqualTo(5);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 6L);
		assertThat(failed.partitions()).singleElement()
			.satisfies((partition) -> assertThat(partition.offsets().next()).isEqualTo(6));

		// when the database accepts e-6 again
		Faults.clear();
		RunSummary next = logbatch.with("logbatch.skip-limit", "-1").run();

		// then nothing after the failure was lost
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(Database.eventCount()).isEqualTo(9);
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'e-3'")).isZero();
		assertThat(Kafka.readAll(topic + "-dlt")).extracting((record) -> new String(record.value()))
			.allMatch((value) -> value.contains("e-3"));
	}

	@Test
	void failsTheRunWhenMoreRecordsAreSkippedThanTheSkipLimit() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("limit");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendAll(topic, 0, List.of("bad-1", "bad-2"));
		Kafka.sendAll(topic, 1, List.of("bad-3", "{\"event_id\":\"ok\"}"));

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.skip-limit", "2").run();

		// then
		assertThat(summary.status()).isEqualTo("FAILED");
		assertThat(summary.deadLettered()).isEqualTo(2);
	}

	@Test
	void dropsFailedWritesWithoutRetryingAtMostOnce() throws Exception {
		// given a row PostgreSQL rejects, and offsets committed before the write
		String topic = Kafka.uniqueTopic("amo");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events(12));
		Faults.failInserts("23514", 1000, "NEW.event_id = 'e-3'");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.delivery", "at-most-once")
			.with("logbatch.chunk-size", "5");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.dropped()).isEqualTo(1);
		assertThat(Database.eventCount()).isEqualTo(11);
		assertThat(Kafka.readAll(topic + "-dlt")).isEmpty();
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 12L);
	}

	@Test
	void commitsOffsetsBeforeTheWriteAtMostOnceSoAFailedChunkIsLost() throws Exception {
		// given a chunk whose write fails for good (no skips allowed)
		String topic = Kafka.uniqueTopic("amo-lost");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, events(12));
		Faults.failInserts("23514", 1000, "NEW.event_id = 'e-3'");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.delivery", "at-most-once")
			.with("logbatch.chunk-size", "5")
			.with("logbatch.skip-limit", "0");

		// when
		RunSummary summary = logbatch.run();

		// then the chunk's offsets were committed before its write failed
		assertThat(summary.status()).isEqualTo("FAILED");
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 5L);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 5L);
	}

	private static List<String> events(int count) {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			events.add("{\"event_id\":\"e-%d\",\"message\":\"m\"}".formatted(i));
		}
		return events;
	}

}
