package io.logbatch.ingest;

import java.util.List;
import java.util.Map;
import java.util.Random;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows that PostgreSQL itself rejects, as a user's triggers, constraints and indexes on
 * {@code log_event} make it: each such record goes to the DLT with PostgreSQL's SQLSTATE and
 * message, and the rest of its chunk is stored. Every test removes what it added to the
 * shared test database.
 */
class RejectedRowTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeTheUsersAdditions() {
		Faults.clear();
		Database.jdbc().execute("ALTER TABLE log_event DROP CONSTRAINT IF EXISTS users_amount_is_a_number");
		Database.jdbc().execute("DROP INDEX IF EXISTS users_message_index");
	}

	@Test
	void deadLettersRowsThatAUsersTriggerOrCheckRejectsAndStoresTheRestOfTheirChunk() throws Exception {
		// given a user's trigger that rejects some messages, a user's check that cannot read
		// another, and one chunk holding both among good records
		rejectByTrigger("reject-me");
		Database.jdbc().execute("ALTER TABLE log_event ADD CONSTRAINT users_amount_is_a_number "
				+ "CHECK (message NOT LIKE 'amount=%' OR substr(message, 8)::numeric >= 0)");
		String topic = Kafka.uniqueTopic("rejected");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, List.of(event("e-0", "fine"), event("e-1", "please reject-me"), event("e-2", "fine"),
				event("e-3", "amount=lots"), event("e-4", "amount=12"), event("e-5", "reject-me too"),
				event("e-6", "fine")));
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "100");

		// when
		RunSummary first = logbatch.run();
		RunSummary second = logbatch.run();

		// then
		assertThat(first.status()).isEqualTo("COMPLETED");
		assertThat(first.read()).isEqualTo(7);
		assertThat(first.written()).isEqualTo(4);
		assertThat(first.deadLettered()).isEqualTo(3);
		assertThat(storedIds()).containsExactly("e-0", "e-2", "e-4", "e-6");
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(deadLetters).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
		assertThat(deadLetters).extracting((record) -> Kafka.header(record, KafkaHeaders.DLT_ORIGINAL_OFFSET))
			.hasSize(3);
		assertThat(deadLetters).extracting((record) -> Kafka.header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.containsExactly("SQLSTATE P0001: rejected by the user's trigger: e-1",
					"SQLSTATE 22P02: invalid input syntax for type numeric: \"lots\"",
					"SQLSTATE P0001: rejected by the user's trigger: e-5");
		assertThat(Database.storedOffsets(logbatch.groupId())).containsEntry(new TopicPartition(topic, 0), 7L);
		assertThat(second.status()).isEqualTo("COMPLETED");
		assertThat(second.read()).isZero();
		assertThat(Database.eventCount()).isEqualTo(4);
	}

	@Test
	void deadLettersARowTooLargeForAUsersIndexAndStoresTheRestOfItsChunk() throws Exception {
		// given a user's index on message, and a message of 3,000 random characters: an index
		// row over btree's maximum of 2704 bytes (SQLSTATE 54000)
		Database.jdbc().execute("CREATE INDEX users_message_index ON log_event (message)");
		String topic = Kafka.uniqueTopic("too-large-for-index");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0,
				List.of(event("e-0", "fine"), event("e-1", randomText(3_000)), event("e-2", "fine")));
		Logbatch logbatch = Logbatch.forTopics(topic);

		// when
		RunSummary first = logbatch.run();
		RunSummary second = logbatch.run();

		// then
		assertThat(first.status()).isEqualTo("COMPLETED");
		assertThat(storedIds()).containsExactly("e-0", "e-2");
		assertThat(Kafka.readAll(topic + "-dlt")).singleElement().satisfies((deadLetter) -> {
			assertThat(new String(deadLetter.value())).contains("\"e-1\"");
			// the index of the day's partition that PostgreSQL made for the user's index on log_event
			assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
				.startsWith("SQLSTATE 54000: index row size ")
				.containsPattern("exceeds btree version 4 maximum 2704 for index \"log_event_p\\d{8}_message_idx\"");
		});
		assertThat(first.deadLetters()).containsEntry(topic, Map.of("sqlstate-54000", 1L));
		assertThat(second.status()).isEqualTo("COMPLETED");
		assertThat(second.read()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "08006", "57P01", "53100" })
	void failsTheRunWithoutDeadLetteringOnAnErrorOfTheConnectionOrTheServer(String sqlState) throws Exception {
		// given a database that fails the write of a chunk as a lost connection, a shutdown or
		// a full disk would
		Faults.failInserts(sqlState, Integer.MAX_VALUE, "NEW.event_id = 'e-1'");
		String topic = Kafka.uniqueTopic("outage-" + sqlState.toLowerCase());
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, List.of(event("e-0", "fine"), event("e-1", "fine"), event("e-2", "fine")));
		Logbatch logbatch = Logbatch.forTopics(topic);

		// when
		RunSummary summary = logbatch.run();

		// then the run fails (UNKNOWN when the pool evicted the connection before the rollback)
		assertThat(summary.status()).isIn("FAILED", "UNKNOWN");
		assertThat(summary.deadLettered()).isZero();
		assertThat(Kafka.readAll(topic + "-dlt")).isEmpty();
		assertThat(Database.eventCount()).isZero();
		assertThat(Database.storedOffsets(logbatch.groupId())).doesNotContainKey(new TopicPartition(topic, 0));
	}

	private static void rejectByTrigger(String marker) {
		Faults.beforeInsert("""
				IF NEW.message LIKE '%%%s%%' THEN
				  RAISE EXCEPTION 'rejected by the user''s trigger: %%', NEW.event_id;
				END IF;""".formatted(marker));
	}

	private static List<String> storedIds() {
		return Database.jdbc().queryForList("SELECT event_id FROM log_event ORDER BY event_id", String.class);
	}

	private static String event(String eventId, String message) {
		return "{\"event_id\":\"%s\",\"message\":\"%s\"}".formatted(eventId, message);
	}

	/** Letters and digits in random order: text that PostgreSQL cannot compress below 2704 bytes. */
	private static String randomText(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		Random random = new Random(12);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
