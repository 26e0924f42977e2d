package io.logbatch.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's identity, {@code (event_id, occurred_at)}, for events with and without a time of their own,
 * through a run against the real broker and database: an event that carries its time is one row however
 * often it is sent; one without takes its Kafka record's timestamp, so a copy with the same timestamp (a
 * re-delivery, a redrive) is a duplicate and a copy produced later is another row, as README's Schema
 * section says.
 */
class EventIdentityTests {

	private static final Instant FIRST_SEND = Instant.parse("2026-11-30T10:00:00Z");

	private static final Instant LATER_SEND = Instant.parse("2026-11-30T10:05:00Z");

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void anEventWithItsOwnTimeIsOneRowAndOneWithoutIsARowPerRecordTimestamp() throws Exception {
		// given the same two values each sent three times: twice with one record timestamp, once later
		String timed = "{\"event_id\":\"timed\",\"@timestamp\":\"2026-11-30T09:59:59.123Z\",\"message\":\"m\"}";
		String untimed = "{\"event_id\":\"untimed\",\"message\":\"m\"}";
		String topic = Kafka.uniqueTopic("identity");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
			for (Instant timestamp : List.of(FIRST_SEND, FIRST_SEND, LATER_SEND)) {
				for (String value : List.of(timed, untimed)) {
					producer.send(new ProducerRecord<>(topic, 0, timestamp.toEpochMilli(), null,
							value.getBytes(StandardCharsets.UTF_8)));
				}
			}
			producer.flush();
		}

		// when
		RunSummary summary = Logbatch.forTopics(topic).run();

		// then the timed event is one row; the untimed one a row per record timestamp
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(6);
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.duplicates()).isEqualTo(3);
		assertThat(Database.jdbc()
			.queryForList("SELECT event_id || ' ' || to_char(occurred_at AT TIME ZONE 'UTC', "
					+ "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM log_event ORDER BY 1", String.class))
			.containsExactly("timed 2026-11-30T09:59:59.123Z", "untimed " + FIRST_SEND.toString().replace("Z", ".000Z"),
					"untimed " + LATER_SEND.toString().replace("Z", ".000Z"));
	}

}
