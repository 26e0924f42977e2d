package io.logbatch.store;

import java.util.ArrayList;
import java.util.List;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentWriteTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesDuplicateEventIdsOnceAndCountsThemAsDuplicates() throws Exception {
		// given the same id twice in one partition, once more in another, and again in a later run
		String topic = Kafka.uniqueTopic("dups");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.send(topic, 0, null, version("a", "first", "2024-05-01T10:00:00Z"));
		Kafka.send(topic, 0, null, version("a", "second", "2024-05-01T11:00:00Z"));
		Kafka.send(topic, 1, null, version("a", "third", "2024-05-01T12:00:00Z"));
		Kafka.send(topic, 1, null, version("b", "only", "2024-05-01T12:00:00Z"));
		Logbatch logbatch = Logbatch.forTopics(topic);

		// when
		RunSummary first = logbatch.run();
		Kafka.send(topic, 0, null, version("b", "again", "2024-05-02T12:00:00Z"));
		RunSummary second = logbatch.run();

		// then
		assertThat(first.read()).isEqualTo(4);
		assertThat(first.written()).isEqualTo(2);
		assertThat(first.duplicates()).isEqualTo(2);
		assertThat(second.read()).isEqualTo(1);
		assertThat(second.written()).isZero();
		assertThat(second.duplicates()).isEqualTo(1);
		assertThat(Database.eventCount()).isEqualTo(2);
		// the first version stored wins; partitions have no order between them
		assertThat(message("a")).isIn("first", "third");
		assertThat(message("b")).isEqualTo("only");
	}

	@Test
	void storesTheEarliestVersionOfEachEventIdWithinOneChunkInInsertMode() throws Exception {
		// given 500 event ids, each sent twice to one partition, all in one chunk: the first
		// version of every id, then a second version of every id
		String topic = Kafka.uniqueTopic("first-wins");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		List<String> values = new ArrayList<>();
		for (String version : List.of("first", "second")) {
			for (int i = 0; i < 500; i++) {
				values.add(version("id-" + i, version, "2024-05-01T10:00:00Z"));
			}
		}
		Kafka.sendAll(topic, 0, values);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "1000");

		// when
		RunSummary summary = logbatch.run();

		// then every id holds its first version, and every second version counts as a duplicate
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(1000);
		assertThat(summary.written()).isEqualTo(500);
		assertThat(summary.duplicates()).isEqualTo(500);
		assertThat(Database.jdbc().queryForList("SELECT DISTINCT message FROM log_event", String.class))
			.containsExactly("first");
		assertThat(Database.count("SELECT count(*) FROM log_event WHERE source_offset < 500")).isEqualTo(500);
	}

	@Test
	void keepsTheVersionWithTheLatestPublishedAtInUpsertModeWhateverTheArrivalOrder() throws Exception {
		// given versions arriving newest first, oldest last, across partitions and runs
		String topic = Kafka.uniqueTopic("upsert");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.send(topic, 0, null, version("x", "v2", "2024-05-01T10:00:02Z"));
		Kafka.send(topic, 0, null, version("x", "v1", "2024-05-01T10:00:01Z"));
		Kafka.send(topic, 1, null, version("x", "v3", "2024-05-01T10:00:03Z"));
		Kafka.send(topic, 1, null, version("y", "v1", "2024-05-01T10:00:01Z"));
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.write-mode", "upsert");

		// when
		logbatch.run();
		Kafka.send(topic, 0, null, version("y", "v0", "2024-05-01T10:00:00Z"));
		Kafka.send(topic, 0, null, version("y", "v2", "2024-05-01T10:00:02Z"));
		Kafka.send(topic, 1, null, version("x", "v2-late", "2024-05-01T10:00:02Z"));
		RunSummary second = logbatch.run();

		// then
		assertThat(message("x")).isEqualTo("v3");
		assertThat(message("y")).isEqualTo("v2");
		assertThat(second.written()).isEqualTo(1);
		assertThat(second.duplicates()).isEqualTo(2);
		assertThat(Database.eventCount()).isEqualTo(2);
	}

	private static String message(String eventId) {
		return Database.jdbc().queryForObject("SELECT message FROM log_event WHERE event_id = ?", String.class,
				eventId);
	}

	private static String version(String eventId, String message, String publishedAt) {
		return """
				{"event_id":"%s","@timestamp":"2024-05-01T09:00:00Z","message":"%s","published_at":"%s"}"""
			.formatted(eventId, message, publishedAt);
	}

}
