package io.logbatch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.logbatch.offsets.PartitionRange;
import io.logbatch.parsing.EventIdFallback;
import io.logbatch.parsing.InvalidRecordException;
import io.logbatch.parsing.LogEventParser;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.support.Kafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
		assertThat(read.get(601).parsed().events().get(0).eventId()).isEqualTo("e-601");
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

	@Test
	void anErrorOfTheParserFailsTheReadInsteadOfHangingItAndNoReadAfterItEndsTheRange() throws Exception {
		// given a parser that throws an Error, not an exception, at offset 5
		String topic = Kafka.uniqueTopic("read-ahead-error");
		Kafka.createTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 20);
		LogEventParser parser = new LogEventParser(EventIdFallback.REJECT, 1024);
		ReadAheadReader reader = reader(topic, 0, 20, (record) -> {
			if (record.offset() == 5) {
				throw new StackOverflowError("deeply nested");
			}
			return new ParsedRecord(record, parser.parse(record));
		});

		// when reading until the failure, over and over as retries of the step do, until the
		// records before it are all handed over, and once more (bounded: a hang fails the test)
		List<Long> read = new ArrayList<>();
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int attempts = 0;
			do {
				attempts++;
				assertThat(rootCause(catchThrowable(() -> readAll(reader, read)))).as("attempt %d", attempts)
					.isInstanceOf(StackOverflowError.class);
			}
			while (reader.nextOffset() < 5 && attempts < 10);
			assertThat(rootCause(catchThrowable(() -> readAll(reader, read)))).isInstanceOf(StackOverflowError.class);
			reader.close();
		});

		// then no read ended the range, and the records before the failing one were handed over once
		assertThat(read).containsExactly(0L, 1L, 2L, 3L, 4L);
		assertThat(reader.nextOffset()).isEqualTo(5);
		assertThat(readAheadThreads(topic)).isEmpty();
	}

	@Test
	void aReadAfterAFailureOfTheSourceReadsOnFromTheFailedPositionWithoutEndingTheRangeEarly() throws Exception {
		// given a source that fails once when it reaches offset 300 of 1000
		String topic = Kafka.uniqueTopic("read-ahead-source");
		Kafka.createTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 1000);
		AtomicBoolean failed = new AtomicBoolean();
		LogEventParser parser = new LogEventParser(EventIdFallback.REJECT, 1024);
		KafkaPartitionReader source = new KafkaPartitionReader(consumers(),
				new PartitionRange(new TopicPartition(topic, 0), 0, 1000), Duration.ofSeconds(10)) {

			@Override
			public ConsumerRecord<byte[], byte[]> read() {
				if (nextOffset() == 300 && failed.compareAndSet(false, true)) {
					throw new KafkaException("the broker went away");
				}
				return super.read();
			}

		};
		ReadAheadReader reader = new ReadAheadReader(source, (record) -> new ParsedRecord(record, parser.parse(record)));

		// when reading until the failure, then reading on as a retry of the step does
		List<Long> read = new ArrayList<>();
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			assertThat(rootCause(catchThrowable(() -> readAll(reader, read)))).isInstanceOf(KafkaException.class);
			readAll(reader, read);
			reader.close();
		});

		// then every record was handed over once, in order, and the range ended at its end
		assertThat(read).hasSize(1000);
		assertThat(read).isSorted().startsWith(0L).endsWith(999L).doesNotHaveDuplicates();
		assertThat(reader.nextOffset()).isEqualTo(1000);
		assertThat(readAheadThreads(topic)).isEmpty();
	}

	@Test
	void openStartsReadingAheadSoThatTheConsumerConnectsWhileTheStepOpensItsOtherStreams() throws Exception {
		// given a partition of more records than the read-ahead queue holds
		String topic = Kafka.uniqueTopic("read-ahead-open");
		Kafka.createTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5000);
		ReadAheadReader reader = reader(topic, 0, 5000);

		// when the step opens the reader, before its first read
		reader.open(new ExecutionContext());
		List<Thread> afterOpen = readAheadThreads(topic);
		List<Long> read = new ArrayList<>();
		readAll(reader, read);
		reader.close();

		// then the thread was reading already, and the step got the range once, in order
		assertThat(afterOpen).hasSize(1);
		assertThat(read).hasSize(5000).isSorted().doesNotHaveDuplicates();
		assertThat(readAheadThreads(topic)).isEmpty();
	}

	/** What was thrown, past any wrapping; null if nothing was. */
	private static Throwable rootCause(Throwable thrown) {
		Throwable cause = thrown;
		while (cause != null && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static void readAll(ReadAheadReader reader, List<Long> offsets) throws InterruptedException {
		PreparedRecord record;
		while ((record = reader.read()) != null) {
			offsets.add(record.offset());
		}
	}

	private static ReadAheadReader reader(String topic, long start, long end) {
		LogEventParser parser = new LogEventParser(EventIdFallback.REJECT, 1024);
		return reader(topic, start, end, (record) -> new ParsedRecord(record, parser.parse(record)));
	}

	private static ReadAheadReader reader(String topic, long start, long end,
			Function<ConsumerRecord<byte[], byte[]>, ParsedRecord> parser) {
		TopicPartition partition = new TopicPartition(topic, 0);
		return new ReadAheadReader(new KafkaPartitionReader(consumers(),
				new PartitionRange(partition, start, end), Duration.ofSeconds(10)), parser);
	}

	private static PartitionConsumers consumers() {
		Properties consumer = new Properties();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "read-ahead-tests");
		consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
		return new PartitionConsumers(consumer, 1);
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
