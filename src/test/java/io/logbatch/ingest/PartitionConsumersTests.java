package io.logbatch.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import io.logbatch.offsets.PartitionRange;
import io.logbatch.support.Kafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition readers that share their consumers, on the real broker: a consumer given back reads the
 * next range, of another partition or of the same one further on, exactly; one whose read failed is
 * not kept; the end of the job closes those kept.
 */
class PartitionConsumersTests {

	private static final Duration POLL_TIMEOUT = Duration.ofSeconds(10);

	private String topic;

	private PartitionConsumers consumers;

	@BeforeEach
	void createTopic() {
		this.topic = Kafka.uniqueTopic("partition-consumers");
		Kafka.createTopic(this.topic, 2);
		Kafka.sendEvents(this.topic, 0, 0, 300);
		Kafka.sendEvents(this.topic, 1, 1000, 300);
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "partition-consumers-tests");
		this.consumers = new PartitionConsumers(properties, 2);
	}

	@AfterEach
	void close() {
		this.consumers.close();
	}

	@Test
	void aConsumerGivenBackReadsTheNextRangeExactlyWhateverTheLastOneLeftBuffered() {
		// when one consumer reads part of partition 0, then partition 1 from the middle, then the
		// rest of partition 0
		List<String> first = readRange(0, 0, 100);
		assertThat(this.consumers.idle()).isOne();
		List<String> second = readRange(1, 150, 250);
		assertThat(this.consumers.idle()).isOne();
		List<String> third = readRange(0, 100, 300);

		// then each range was read exactly, in order
		assertThat(first).containsExactlyElementsOf(expected(0, 0, 100));
		assertThat(second).containsExactlyElementsOf(expected(1, 150, 250));
		assertThat(third).containsExactlyElementsOf(expected(0, 100, 300));
		assertThat(this.consumers.idle()).isOne();
	}

	@Test
	void aConsumerWhoseReadFailedIsNotKept() throws Exception {
		// given a reader waiting for records past the partition's end
		KafkaPartitionReader reader = reader(0, 290, 400);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Long> read = Collections.synchronizedList(new ArrayList<>());
		Thread reading = new Thread(() -> {
			try {
				for (ConsumerRecord<byte[], byte[]> record = reader.read(); record != null; record = reader.read()) {
					read.add(record.offset());
				}
			}
			catch (RuntimeException ex) {
				failure.set(ex);
			}
			finally {
				Thread.interrupted();
				reader.close();
			}
		});
		reading.start();
		Awaitility.await().atMost(POLL_TIMEOUT).until(() -> read.size() == 10);

		// when its poll is interrupted
		reading.interrupt();
		reading.join(POLL_TIMEOUT.toMillis());

		// then
		assertThat(failure.get()).isInstanceOf(InterruptException.class);
		assertThat(this.consumers.idle()).isZero();
	}

	@Test
	void theEndOfTheJobClosesTheConsumersKept() {
		// given
		readRange(0, 0, 10);
		readRange(1, 0, 10);
		assertThat(this.consumers.idle()).isOne();

		// when
		this.consumers.afterJob(new JobExecution(1, new JobInstance(1, "ingest"), new JobParameters()));

		// then none is kept, and the context's close waits for their closes
		assertThat(this.consumers.idle()).isZero();
		assertThat(readRange(1, 10, 20)).containsExactlyElementsOf(expected(1, 10, 20));
		this.consumers.close();
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.doesNotContain("logbatch-consumers-close");
	}

	private List<String> readRange(int partition, long start, long end) {
		KafkaPartitionReader reader = reader(partition, start, end);
		List<String> read = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record = reader.read(); record != null; record = reader.read()) {
			read.add(record.partition() + "@" + record.offset());
		}
		reader.close();
		return read;
	}

	private KafkaPartitionReader reader(int partition, long start, long end) {
		return new KafkaPartitionReader(this.consumers,
				new PartitionRange(new TopicPartition(this.topic, partition), start, end), POLL_TIMEOUT);
	}

	private static List<String> expected(int partition, long start, long end) {
		List<String> offsets = new ArrayList<>();
		for (long offset = start; offset < end; offset++) {
			offsets.add(partition + "@" + offset);
		}
		return offsets;
	}

}
