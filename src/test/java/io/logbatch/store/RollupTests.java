package io.logbatch.store;

import java.util.ArrayList;
import java.util.List;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.StoreWrites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;

import static io.logbatch.support.StoreWrites.chunk;
import static io.logbatch.support.StoreWrites.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code log_rollup} holds, per minute, service and level, exactly the events stored: whatever
 * repeats, whatever is rejected and scanned record by record, whatever a newer version replaces,
 * and however many partition steps add to the same rows at once.
 */
class RollupTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void countsEveryEventStoredOnceWhateverRepeatsWithinAChunkAcrossPartitionsAndAcrossRuns() throws Exception {
		// given 3 partitions, each with events of several minutes, services (one unknown) and
		// levels, each event also repeated in its own chunk and in the next partition
		String topic = Kafka.uniqueTopic("rollup-dups");
		Kafka.createTopicWithDeadLetterTopic(topic, 3);
		for (int partition = 0; partition < 3; partition++) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				values.add(json("p" + partition + "-" + i, i));
				values.add(json("p" + ((partition + 1) % 3) + "-" + i, i));
			}
			values.add(json("p" + partition + "-0", 0));
			Kafka.sendAll(topic, partition, values);
		}
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "25");

		// when it is run, and the first events of a partition arrive again for the next run
		RunSummary first = logbatch.run();
		Kafka.sendAll(topic, 1, List.of(json("p1-0", 0), json("p1-1", 1), json("p1-new", 7)));
		RunSummary second = logbatch.run();

		// then
		assertThat(first.written()).isEqualTo(180);
		assertThat(first.duplicates()).isEqualTo(183);
		assertThat(second.written()).isOne();
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(181);
		assertThat(Database.count("SELECT count(DISTINCT service) FROM log_rollup")).isEqualTo(4);
	}

	@Test
	void countsOnlyTheStoredEventsWhenARejectedRowForcesARecordByRecordScan() throws Exception {
		// given a user's trigger that rejects one row of a chunk that also holds a duplicate
		Faults.beforeInsert("""
				IF NEW.event_id = 'r-3' THEN
				  RAISE EXCEPTION 'rejected by the user''s trigger';
				END IF;""");
		String topic = Kafka.uniqueTopic("rollup-scan");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			values.add(json("r-" + i, i));
		}
		values.add(json("r-1", 1));
		Kafka.sendAll(topic, 0, values);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "100");

		// when
		RunSummary summary = logbatch.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.deadLettered()).isOne();
		assertThat(summary.written()).isEqualTo(7);
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(7);
	}

	@Test
	void movesTheCountOfAReplacedVersionToTheServiceAndLevelOfTheNewOneInUpsertMode() {
		// given two events counted as checkout INFO
		StoreWrites writes = new StoreWrites(WriteMode.UPSERT);
		writes.write(event("a", "2032-01-01T10:00:10Z", "checkout", "INFO", "2032-01-01T10:00:10Z"),
				event("b", "2032-01-01T10:00:20Z", "checkout", "INFO", "2032-01-01T10:00:20Z"));

		// when a newer version of a is an ERROR of billing, then an older one says WARN, a newer
		// version of b changes only its message, and a newer version of a comes back to checkout ERROR
		writes.write(event("a", "2032-01-01T10:00:10Z", "billing", "ERROR", "2032-01-01T11:00:00Z"),
				event("b", "2032-01-01T10:00:20Z", "checkout", "INFO", "2032-01-01T11:00:00Z"));
		List<String> afterMove = rollup();
		writes.write(event("a", "2032-01-01T10:00:10Z", "billing", "WARN", "2032-01-01T10:30:00Z"));
		writes.write(event("a", "2032-01-01T10:00:10Z", "checkout", "ERROR", "2032-01-01T12:00:00Z"));

		// then each event counts once, where its stored version says
		assertThat(afterMove).containsExactly("billing ERROR 1", "checkout INFO 1");
		assertThat(rollup()).containsExactly("checkout ERROR 1", "checkout INFO 1");
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(writes.duplicates()).isEqualTo(1);
	}

	@Test
	void partitionStepsAddingToTheSameRollupRowsInOppositeOrdersNeitherDeadlockNorLoseACount() throws Exception {
		// given four writers whose transactions each write three chunks, as an item-by-item scan
		// does: half of them new INFO events first and new ERROR events second, half the other
		// way round, and third a newer version of their first chunk's events at WARN
		int writers = 4;
		int rounds = 15;

		// when they all write at once, round after round
		StoreWrites.atOnce(writers, (writer) -> {
			StoreWrites writes = new StoreWrites(WriteMode.UPSERT);
			String first = (writer % 2 == 0) ? "INFO" : "ERROR";
			String second = (writer % 2 == 0) ? "ERROR" : "INFO";
			for (int round = 0; round < rounds; round++) {
				String events = "w" + writer + "-r" + round;
				writes.write(List.of(chunkOfMinutes(events + "-a", first, false),
						chunkOfMinutes(events + "-b", second, false), chunkOfMinutes(events + "-a", "WARN", true)));
			}
		});

		// then
		assertThat(Database.eventCount()).isEqualTo(writers * rounds * 40L);
		assertThat(Database.rollupDifferences()).isEmpty();
		assertThat(Database.rollupTotal()).isEqualTo(Database.eventCount());
		assertThat(Database.count("SELECT events FROM log_rollup WHERE bucket = '2033-02-03T04:01:00Z' "
				+ "AND service = 'service-1' AND level = 'WARN'")).isEqualTo(writers * rounds * 2L);
	}

	/**
	 * 20 events over ten minutes of 2033-02-03 and two services, at one level; a newer version
	 * is published an hour later.
	 */
	private static Chunk<ParsedRecord> chunkOfMinutes(String prefix, String level, boolean newer) {
		List<LogEvent> events = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String occurred = "2033-02-03T04:%02d:%02dZ".formatted(i % 10, i);
			String published = newer ? "2033-02-03T05:00:00Z" : occurred;
			events.add(event(prefix + "-" + i, occurred, "service-" + (i % 2), level, published));
		}
		return chunk(events.toArray(LogEvent[]::new));
	}

	/** "service level events" of every rollup row of 2032-01-01 10:00. */
	private static List<String> rollup() {
		return Database.jdbc().queryForList("SELECT service || ' ' || level || ' ' || events FROM log_rollup "
				+ "WHERE bucket = '2032-01-01T10:00:00Z' ORDER BY 1", String.class);
	}

	/** An event of minute {@code i % 7}, one of three services or none, and one of three levels. */
	private static String json(String eventId, int i) {
		String service = (i % 4 == 3) ? "" : ",\"service\":\"service-" + (i % 3) + "\"";
		String level = new String[] { "INFO", "WARN", "ERROR" }[i % 3];
		return """
				{"event_id":"%s","@timestamp":"2032-05-06T07:%02d:%02dZ","level":"%s"%s,"message":"m"}"""
			.formatted(eventId, i % 7, i % 60, level, service);
	}

}
