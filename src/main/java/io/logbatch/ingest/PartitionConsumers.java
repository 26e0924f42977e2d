package io.logbatch.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The Kafka consumers of the partition readers, kept from one partition step to the next: a
 * reader that has read its range gives its consumer back, assigned nothing, and the next
 * partition step of the process assigns it its own partition. Connected already, with the
 * topic's metadata, such a consumer fetches a partition's first records in one round trip,
 * where a new one first connects and asks for metadata: about 50 ms of each step of a run of
 * many small partitions, plus its close. A consumer whose last read failed is closed, never
 * given out again; one that waited longer than {@link #MAX_IDLE} too, so a {@code worker}
 * never starts a step on connections the brokers have dropped meanwhile. At most
 * {@code maxIdle} wait; they are closed at the end of each job and with the context.
 * Thread-safe; each consumer is used by one thread at a time, handed over under this object's
 * lock.
 */
final class PartitionConsumers implements JobExecutionListener, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PartitionConsumers.class);

	/** Shorter than the brokers' default {@code connections.max.idle.ms} of 10 minutes. */
	static final Duration MAX_IDLE = Duration.ofMinutes(1);

	/** How long the context's close waits for the closes that a run's end started. */
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private final Properties properties;

	private final int maxIdle;

	private final Deque<Idle> idle = new ArrayDeque<>();

	private boolean closed;

	/** Threads closing the consumers of runs that ended. */
	private final List<Thread> closing = new ArrayList<>();

	/**
	 * @param consumerProperties the consumers' settings; deserializers, commits and the
	 * isolation level are set here
	 * @param maxIdle the most consumers kept between steps: the partitions read at once
	 */
	PartitionConsumers(Properties consumerProperties, int maxIdle) {
		Properties properties = new Properties();
		properties.putAll(consumerProperties);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.properties = properties;
		this.maxIdle = maxIdle;
	}

	/** A consumer assigned this partition alone, at this offset: one kept from an earlier step, or a new one. */
	Consumer<byte[], byte[]> take(TopicPartition partition, long offset) {
		Consumer<byte[], byte[]> consumer = kept();
		if (consumer == null) {
			consumer = new KafkaConsumer<>(this.properties);
		}
		try {
			consumer.assign(List.of(partition));
			consumer.seek(partition, offset);
		}
		catch (RuntimeException ex) {
			close(consumer);
			throw ex;
		}
		return consumer;
	}

	private @Nullable Consumer<byte[], byte[]> kept() {
		long now = System.nanoTime();
		while (true) {
			Idle next;
			synchronized (this) {
				next = this.idle.pollFirst();
			}
			if (next == null) {
				return null;
			}
			if (now - next.since() < MAX_IDLE.toNanos()) {
				return next.consumer();
			}
			close(next.consumer());
		}
	}

	/**
	 * Takes back a consumer whose reads all succeeded, for the next step; closes it if as many
	 * wait already.
	 */
	void giveBack(Consumer<byte[], byte[]> consumer) {
		try {
			consumer.unsubscribe();
		}
		catch (RuntimeException ex) {
			discard(consumer);
			return;
		}
		synchronized (this) {
			if (!this.closed && this.idle.size() < this.maxIdle) {
				this.idle.addFirst(new Idle(consumer, System.nanoTime()));
				return;
			}
		}
		close(consumer);
	}

	/** Closes a consumer whose state is in doubt, such as one whose read failed. */
	void discard(Consumer<byte[], byte[]> consumer) {
		close(consumer);
	}

	/** How many consumers wait for a step. */
	synchronized int idle() {
		return this.idle.size();
	}

	/**
	 * The run is over: the consumers it kept are closed, on a thread of their own, while the run's
	 * other listeners ask the brokers and the database what they need (a close costs the CPU of
	 * unregistering the consumer's metrics, 10 to 15 ms each); {@link #close()} waits for them.
	 */
	@Override
	public void afterJob(JobExecution jobExecution) {
		List<Consumer<byte[], byte[]>> kept = takeIdle();
		if (kept.isEmpty()) {
			return;
		}
		Thread closing = new Thread(() -> kept.forEach(PartitionConsumers::close), "logbatch-consumers-close");
		closing.setDaemon(true);
		synchronized (this) {
			this.closing.add(closing);
		}
		closing.start();
	}

	@Override
	public void close() {
		List<Thread> closing;
		synchronized (this) {
			this.closed = true;
			closing = List.copyOf(this.closing);
			this.closing.clear();
		}
		takeIdle().forEach(PartitionConsumers::close);
		for (Thread thread : closing) {
			try {
				thread.join(CLOSE_WAIT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private synchronized List<Consumer<byte[], byte[]>> takeIdle() {
		List<Consumer<byte[], byte[]>> consumers = new ArrayList<>();
		this.idle.forEach((idle) -> consumers.add(idle.consumer()));
		this.idle.clear();
		return consumers;
	}

	/**
	 * Closes without waiting: these consumers commit nothing and are no group members, so
	 * nothing is lost; the broker drops their fetch sessions with its other idle ones.
	 */
	private static void close(Consumer<byte[], byte[]> consumer) {
		try {
			consumer.close(CloseOptions.timeout(Duration.ZERO));
		}
		catch (RuntimeException ex) {
			logger.debug("Closing a partition consumer failed", ex);
		}
	}

	private record Idle(Consumer<byte[], byte[]> consumer, long since) {
	}

}
