package io.logbatch.ingest;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;

import io.logbatch.offsets.PartitionRange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads one partition's range of a run with a {@code KafkaConsumer} of its own while it reads
 * (see {@link PartitionConsumers}). Spring
 * Batch's {@code KafkaItemReader} falls short of what logbatch promises, and hides the
 * consumer that would mend it:
 * <ul>
 * <li>items are whole {@link ConsumerRecord}s, not values alone: the dead-letter topic and
 * {@code log_event} need the topic, partition, offset, key, headers and timestamp;</li>
 * <li>reading ends at the end offset captured when the run started, as soon as the consumer's
 * position reaches it, instead of after an idle poll timeout (and never runs on under steady
 * traffic). The position is what tells: reading committed records only, the consumer moves it
 * over transaction markers and aborted records without returning any record, so the last
 * offsets before the end may hold nothing to read;</li>
 * <li>nothing is ever committed from here: {@code KafkaItemReader.update()} would commit the
 * consumer's poll position, ahead of the chunk and before its transaction commits. Offsets
 * commit through {@code ChunkOffsetCommitter} instead, and the start offset comes from the
 * database on every open ({@code KafkaItemReader}'s own restart state would skip a record: it
 * resumes at stored + 1).</li>
 * </ul>
 * Not thread-safe, like the consumer it holds: one instance per partition step.
 */
public class KafkaPartitionReader implements ItemStreamReader<ConsumerRecord<byte[], byte[]>> {

	private static final Logger logger = LoggerFactory.getLogger(KafkaPartitionReader.class);

	/**
	 * The longest one poll waits. A poll that the fetcher answers with markers alone can
	 * return nothing for its whole timeout, so the position is looked at this often.
	 */
	private static final Duration POLL_SLICE = Duration.ofMillis(100);

	private final PartitionConsumers consumers;

	private final TopicPartition partition;

	private final long endOffset;

	private final Duration pollTimeout;

	private @Nullable Consumer<byte[], byte[]> consumer;

	/** Whether the consumer's calls have all returned: it may read another partition's range. */
	private boolean reusable;

	private Iterator<ConsumerRecord<byte[], byte[]>> polled = Collections.emptyIterator();

	private long nextOffset;

	/**
	 * @param consumers where the consumer comes from, and goes back to
	 * @param range where to start and the end captured at run start
	 * @param pollTimeout how long to wait for records expected before the end before giving up
	 * on them for this run
	 */
	public KafkaPartitionReader(PartitionConsumers consumers, PartitionRange range, Duration pollTimeout) {
		this.consumers = consumers;
		this.partition = range.partition();
		this.endOffset = range.endOffset();
		this.pollTimeout = pollTimeout;
		this.nextOffset = range.startOffset();
	}

	public TopicPartition partition() {
		return this.partition;
	}

	/** The offset after the last record read: what the next run or chunk starts from. */
	public long nextOffset() {
		return this.nextOffset;
	}

	/**
	 * Makes the next read start at an offset again, such as the first one of records read but
	 * lost to a failure. Reads after it return the same records as before.
	 */
	public void seek(long offset) {
		this.nextOffset = offset;
		this.polled = Collections.emptyIterator();
		if (this.consumer != null) {
			this.consumer.seek(this.partition, offset);
		}
	}

	@Override
	public void open(ExecutionContext executionContext) {
		// The consumer is created on the first read, so a partition with nothing to read
		// costs no connection.
	}

	@Override
	public @Nullable ConsumerRecord<byte[], byte[]> read() {
		if (this.nextOffset >= this.endOffset) {
			return null;
		}
		this.reusable = false;
		ConsumerRecord<byte[], byte[]> record = readFromConsumer();
		this.reusable = true;
		return record;
	}

	private @Nullable ConsumerRecord<byte[], byte[]> readFromConsumer() {
		Consumer<byte[], byte[]> consumer = consumer();
		long deadline = System.nanoTime() + this.pollTimeout.toNanos();
		while (!this.polled.hasNext()) {
			if (consumer.position(this.partition) >= this.endOffset) {
				// Offsets up to the end held no record for this reader (markers, aborted or
				// compacted records), so the range is done.
				this.nextOffset = this.endOffset;
				return null;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				// The broker stayed silent: the position stays where it is, so nothing is
				// skipped and the next run starts here.
				logger.warn("{}: no record between offset {} and the run's end {} within the poll timeout; "
						+ "the next run reads on from {}", this.partition, this.nextOffset, this.endOffset,
						this.nextOffset);
				return null;
			}
			this.polled = consumer.poll(Duration.ofNanos(Math.min(left, POLL_SLICE.toNanos())))
				.records(this.partition)
				.iterator();
		}
		ConsumerRecord<byte[], byte[]> record = this.polled.next();
		if (record.offset() >= this.endOffset) {
			this.nextOffset = this.endOffset;
			return null;
		}
		this.nextOffset = record.offset() + 1;
		return record;
	}

	private Consumer<byte[], byte[]> consumer() {
		Consumer<byte[], byte[]> consumer = this.consumer;
		if (consumer == null) {
			consumer = this.consumers.take(this.partition, this.nextOffset);
			this.consumer = consumer;
		}
		return consumer;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(IngestSteps.READER_POSITION, this.nextOffset);
	}

	/**
	 * Gives the consumer back for another step, or closes it if one of its calls failed; a read
	 * after it takes another at {@link #nextOffset()}.
	 */
	@Override
	public void close() {
		Consumer<byte[], byte[]> consumer = this.consumer;
		this.consumer = null;
		this.polled = Collections.emptyIterator();
		if (consumer != null) {
			if (this.reusable) {
				this.consumers.giveBack(consumer);
			}
			else {
				this.consumers.discard(consumer);
			}
		}
	}

}
