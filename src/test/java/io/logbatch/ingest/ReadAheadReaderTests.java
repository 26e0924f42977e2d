package io.logbatch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.logbatch.offsets.PartitionRange;
import io.logbatch.parsing.EventIdFallback;
import io.logbatch.parsing.InvalidRecordException;
import io.logbatch.parsing.LogEventParser;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.support.Kafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadAheadReaderTests {

	@Test
	void handsOutTheRangeInOrderWithParseFailuresAsRecordsAndEndsAtItsEnd() throws Exception {
		// given 1200 events with one bad record among them, and a range that ends before the last 100
		String topic = Kafka.uniqueTopic("read-ahead");
		Kafka.createTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 600);
		Kafka.send(topic, 0, null, "not json");
		Kafka.sendEvents(topic, 0, 601, 599);
		ReadAheadReader reader = reader(topic, 0, 1100);

		// when
		List<PreparedRecord> read = new ArrayList<>();
		PreparedRecord record;
		while ((record = reader.read()) != null) {
			read.add(record);
		}
		reader.close();

		// then
		assertThat(read).hasSize(1100);
		assertThat(read).extracting(PreparedRecord::offset).isSorted().startsWith(0L).endsWith(1099L);
		assertThat(read.get(600).failure()).isInstanceOf(InvalidRecordException.class);
		assertThat(read.get(601).parsed().event().eventId()).isEqualTo("e-601");
		assertThat(reader.nextOffset()).isEqualTo(1100);
		assertThat(reader.read()).isNull();
		assertThat(readAheadThreads(topic)).isEmpty();
	}

	@Test
	void positionsAreThoseOfWhatTheStepTookNotOfWhatWasReadAheadAndCloseEndsTheThread() throws Exception {
		// given a long partition of which the step takes only the first 10 records
		String topic = Kafka.uniqueTopic("read-ahead-stop");
		Kafka.createTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5000);
		ReadAheadReader reader = reader(topic, 0, 5000);
		for (int i = 0; i < 10; i++) {
			reader.read();
		}

		// when
		long next = reader.nextOffset();
		long last = reader.lastReadOffset();
		reader.close();

		// then
		assertThat(next).isEqualTo(10);
		assertThat(last).isEqualTo(9);
		assertThat(readAheadThreads(topic)).isEmpty();
	}

	private static ReadAheadReader reader(String topic, long start, long end) {
		Properties consumer = new Properties();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "read-ahead-tests");
		consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
		TopicPartition partition = new TopicPartition(topic, 0);
		LogEventParser parser = new LogEventParser(EventIdFallback.REJECT, 1024);
		return new ReadAheadReader(
				new KafkaPartitionReader(consumer, new PartitionRange(partition, start, end), Duration.ofSeconds(10)),
				(record) -> new ParsedRecord(record, parser.parse(record)));
	}

	private static List<Thread> readAheadThreads(String topic) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("logbatch-read-" + topic))
			.filter(Thread::isAlive)
			.toList();
	}

}
