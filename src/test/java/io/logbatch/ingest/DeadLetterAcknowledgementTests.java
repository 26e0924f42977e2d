package io.logbatch.ingest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.logbatch.metrics.RecordMetrics;
import io.logbatch.report.RunSummary;
import io.logbatch.support.BrokerTraps;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk commits without waiting for its dead letters' acknowledgements, and the stored
 * offset never passes a dead letter the broker has not acknowledged: 40 records in chunks of
 * 10, the one at offset 5 not JSON, its produce to the dead-letter topic held on the broker.
 * A step that fails moves its offset past the dead letters acknowledged by its end.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterAcknowledgementTests {

	private static final long BAD_OFFSET = 5;

	private static final int RECORDS = 40;

	private static final Duration WITHIN = Duration.ofMinutes(3);

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeInjectedFailures() {
		Faults.clear();
	}

	@Test
	void laterChunksCommitWhileADeadLetterAwaitsItsAcknowledgementWithTheOffsetStoppedAtIt() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("unacked");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, recordsWithOneBad());
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
		TopicPartition partition = new TopicPartition(topic, 0);
		CompletableFuture<RunSummary> run;
		try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(topic + "-dlt")) {
			// when the broker holds the dead letter
			run = logbatch.runInBackground();
			trap.awaitHeld(WITHIN);

			// then every later chunk commits, the offset stays at the dead letter
			Awaitility.await().atMost(WITHIN).until(() -> stored(topic) == RECORDS - 1);
			assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, BAD_OFFSET);
			assertThat(Kafka.committedOffsets(logbatch.groupId()).getOrDefault(partition, 0L))
				.isLessThanOrEqualTo(BAD_OFFSET);
			assertThat(run).isNotDone();
		}

		// when the broker acknowledges it
		RunSummary summary = run.get();

		// then the run completes at the end of the partition
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(RECORDS);
		assertThat(summary.written()).isEqualTo(RECORDS - 1);
		assertThat(summary.deadLettered()).isEqualTo(1);
		assertThat(summary.deadLetters()).isEqualTo(Map.of(topic, Map.of("not-json-object", 1L)));
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, (long) RECORDS);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(partition, (long) RECORDS);
		assertThat(originalOffsets(topic)).containsExactly(BAD_OFFSET);
	}

	@Test
	void aDeadLetterNeverAcknowledgedFailsTheRunBeforeItsOffsetAndTheNextRunSendsItAgain() throws Exception {
		// given a producer that gives up on a send after two seconds
		String topic = Kafka.uniqueTopic("nack");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, recordsWithOneBad());
		Logbatch logbatch = Logbatch.forTopics(topic)
			.with("logbatch.chunk-size", "10")
			.with("spring.kafka.producer.properties.request.timeout.ms", "1000")
			.with("spring.kafka.producer.properties.delivery.timeout.ms", "2000");
		TopicPartition partition = new TopicPartition(topic, 0);
		RunSummary failed;
		try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(topic + "-dlt")) {
			// when the broker never acknowledges the dead letter
			failed = logbatch.run();
		}

		// then the run fails with the offset at the dead letter, whatever chunks committed after it
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(failed.deadLetters()).isEmpty();
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, BAD_OFFSET);
		assertThat(Kafka.committedOffsets(logbatch.groupId()).getOrDefault(partition, 0L))
			.isLessThanOrEqualTo(BAD_OFFSET);
		long storedBefore = stored(topic);

		// when the next run reads on
		RunSummary next = logbatch.run();

		// then it reads from the dead letter, sends it again, and counts the rows stored already as duplicates
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(next.read()).isEqualTo(RECORDS - BAD_OFFSET);
		assertThat(next.deadLettered()).isEqualTo(1);
		assertThat(next.deadLetters()).isEqualTo(Map.of(topic, Map.of("not-json-object", 1L)));
		assertThat(next.duplicates()).isEqualTo(storedBefore - BAD_OFFSET);
		assertThat(next.written() + next.duplicates()).isEqualTo(RECORDS - BAD_OFFSET - 1);
		assertThat(stored(topic)).isEqualTo(RECORDS - 1);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, (long) RECORDS);
		assertThat(originalOffsets(topic)).isNotEmpty().containsOnly(BAD_OFFSET);
	}

	@Test
	void aStepThatFailsAfterItsDeadLetterIsAcknowledgedStoresTheOffsetPastItAndTheNextRunDoesNotSendItAgain()
			throws Exception {
		// given a chunk whose write fails, then whose record-by-record scan dead-letters e-3 and reaches
		// the skip limit at e-6
		String topic = Kafka.uniqueTopic("late-ack");
		Logbatch logbatch = failingAtTheSecondRefusal(topic);
		TopicPartition partition = new TopicPartition(topic, 0);
		RunSummary failed;
		try (ConfigurableApplicationContext context = logbatch.start()) {
			CompletableFuture<RunSummary> run;
			try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(topic + "-dlt")) {
				// when the broker holds e-3's dead letter until e-4 and e-5 have committed
				run = CompletableFuture.supplyAsync(() -> Logbatch.runIn(context));
				trap.awaitHeld(WITHIN);
				Awaitility.await().atMost(WITHIN).until(() -> stored(topic) == 5);
				assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 3L);
			}

			// and acknowledges it, with no chunk after e-6 left to move the offset on
			failed = run.get();

			// then the dead letter acknowledged at the step's end is counted, in the metrics too
			Counter deadLettered = context.getBean(MeterRegistry.class)
				.find(RecordMetrics.RECORDS)
				.tags("topic", topic, "outcome", "dead_lettered", "reason", "sqlstate-23514")
				.counter();
			assertThat(deadLettered).isNotNull().extracting(Counter::count).isEqualTo(1.0);
		}

		// and the failed step's offset is past the acknowledged dead letter, up to e-6
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(failed.deadLetters()).containsKey(topic);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 6L);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(partition, 6L);
		assertThat(failed.partitions()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.offsets().next()).isEqualTo(6));
		List<Long> deadLettered = originalOffsets(topic);
		assertThat(deadLettered).isNotEmpty().containsOnly(3L);

		// when the database accepts e-6 again
		Faults.clear();
		RunSummary next = logbatch.with("logbatch.skip-limit", "-1").run();

		// then the next run reads from e-6: no dead letter again, no record stored twice
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(next.read()).isEqualTo(4);
		assertThat(next.deadLettered()).isZero();
		assertThat(next.duplicates()).isZero();
		assertThat(originalOffsets(topic)).isEqualTo(deadLettered);
		assertThat(stored(topic)).isEqualTo(9);
	}

	@Test
	void aFailedStepWhoseEndCannotStoreTheOffsetLeavesItWhereItWasAndTheNextRunReadsFromThere(CapturedOutput output)
			throws Exception {
		// given the failed step of the test before, and a database that refuses the step's end its offset
		// as a server shutting down would (SQLSTATE 57P01)
		String topic = Kafka.uniqueTopic("end-refused");
		Logbatch logbatch = failingAtTheSecondRefusal(topic);
		TopicPartition partition = new TopicPartition(topic, 0);
		RunSummary failed;
		try {
			CompletableFuture<RunSummary> run;
			try (BrokerTraps.Trap trap = BrokerTraps.holdProducesTo(topic + "-dlt")) {
				run = logbatch.runInBackground();
				trap.awaitHeld(WITHIN);
				Awaitility.await().atMost(WITHIN).until(() -> stored(topic) == 5);
				assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 3L);
				Database.jdbc().execute("""
						CREATE OR REPLACE FUNCTION refuse_offset() RETURNS trigger AS $$
						BEGIN
						  IF NEW.group_id = '%s' AND NEW.next_offset > 3 THEN
						    RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
						  END IF;
						  RETURN NEW;
						END $$ LANGUAGE plpgsql""".formatted(logbatch.groupId()));
				Database.jdbc().execute("""
						CREATE TRIGGER refuse_offset BEFORE INSERT OR UPDATE ON consumer_offset
						FOR EACH ROW EXECUTE FUNCTION refuse_offset()""");
			}

			// when the broker acknowledges e-3's dead letter, and the step fails at e-6
			failed = run.get();
		}
		finally {
			Database.jdbc().execute("DROP TRIGGER IF EXISTS refuse_offset ON consumer_offset");
		}

		// then the run fails as it would have, its offset where its last chunk left it, and says so in one line
		assertThat(failed.status()).isEqualTo("FAILED");
		assertThat(output.getAll()).contains("The next offset 6 of " + partition + " was not stored at the step's end, 3 stays")
			.doesNotContain("Exception in afterStep callback");
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 3L);
		assertThat(failed.partitions()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.offsets().next()).isEqualTo(3));
		assertThat(originalOffsets(topic)).containsExactly(3L);

		// when the database accepts the offset and e-3 and e-6 again
		Faults.clear();
		RunSummary next = logbatch.with("logbatch.skip-limit", "-1").run();

		// then the next run reads from e-3: the rows stored already are duplicates, nothing is lost
		assertThat(next.status()).isEqualTo("COMPLETED");
		assertThat(next.read()).isEqualTo(7);
		assertThat(next.duplicates()).isEqualTo(2);
		assertThat(next.deadLettered()).isZero();
		assertThat(stored(topic)).isEqualTo(10);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 10L);
	}

	@Test
	void aStoppedStepStoresTheOffsetPastTheDeadLettersAcknowledgedByItsEndAndTheRestartDoesNotSendThemAgain()
			throws Exception {
		// given a run whose first chunk is held in its write, its dead letter held on the broker
		String topic = Kafka.uniqueTopic("stop-ack");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, recordsWithOneBad());
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
		TopicPartition partition = new TopicPartition(topic, 0);
		CompletableFuture<RunSummary> run;
		long executionId;
		try (BrokerTraps.Trap deadLetter = BrokerTraps.holdProducesTo(topic + "-dlt")) {
			try (Faults.Trap write = Faults.trapInsertOf("e-7")) {
				run = logbatch.runInBackground();
				deadLetter.awaitHeld(WITHIN);
				write.awaitHeld(WITHIN);
				executionId = Database.lastExecutionId();

				// when the run is stopped
				assertThat(logbatch.cli("stop", Long.toString(executionId)).exitCode()).isZero();
			}

			// and its chunk commits before the broker acknowledges the dead letter
			Awaitility.await().atMost(WITHIN)
				.until(() -> Database.storedOffsets(logbatch.groupId()).getOrDefault(partition, 0L) == BAD_OFFSET);
		}

		// then the stopped step's offset is past the dead letter acknowledged by its end
		RunSummary stopped = run.get();
		assertThat(stopped.status()).isEqualTo("STOPPED");
		assertThat(stored(topic)).isEqualTo(9);
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(partition, 10L);
		assertThat(Kafka.committedOffsets(logbatch.groupId())).containsEntry(partition, 10L);
		assertThat(stopped.partitions()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.offsets().next()).isEqualTo(10));
		assertThat(originalOffsets(topic)).containsExactly(BAD_OFFSET);

		// when
		Logbatch.CliResult restarted = logbatch.cli("restart", Long.toString(executionId));

		// then the restart reads on from there and sends no dead letter again
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("COMPLETED: 30 read, 30 written");
		assertThat(stored(topic)).isEqualTo(RECORDS - 1);
		assertThat(originalOffsets(topic)).containsExactly(BAD_OFFSET);
	}

	/**
	 * Ten events in one chunk whose write the database refuses, then in the record-by-record scan
	 * e-3 (a dead letter) and e-6, which a skip limit of 1 turns into the step's failure.
	 */
	private static Logbatch failingAtTheSecondRefusal(String topic) {
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		Faults.failInserts("23514", 1000, "NEW.event_id IN ('e-3', 'e-6')");
		return Logbatch.forTopics(topic).with("logbatch.chunk-size", "10").with("logbatch.skip-limit", "1");
	}

	private static List<String> recordsWithOneBad() {
		List<String> values = new ArrayList<>();
		for (int offset = 0; offset < RECORDS; offset++) {
			values.add((offset == BAD_OFFSET) ? "not json " + offset
					: "{\"event_id\":\"e-%d\",\"message\":\"m\"}".formatted(offset));
		}
		return values;
	}

	private static long stored(String topic) {
		return Database.count("SELECT count(*) FROM log_event WHERE source_topic = ?", topic);
	}

	/** The source offsets of what the dead-letter topic holds, a record dead-lettered twice twice. */
	private static List<Long> originalOffsets(String topic) {
		List<Long> offsets = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> deadLetter : Kafka.readAll(topic + "-dlt")) {
			offsets.add(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
				.getLong());
		}
		return offsets;
	}

}
