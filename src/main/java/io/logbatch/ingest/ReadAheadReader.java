package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.logbatch.parsing.ParsedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads and parses one partition's records on a thread of its own, ahead of the step, so that
 * the next chunk is fetched and parsed while the step writes the current one to PostgreSQL:
 * the two no longer take turns on one thread. At most {@value #QUEUED_BATCHES} batches of at
 * most {@value #BATCH_RECORDS} records or {@value #BATCH_BYTES} bytes wait, so memory stays
 * bounded whatever the backlog.
 * <p>
 * Positions are those of the records handed to the step, never of what was read ahead:
 * {@link #nextOffset()} is where the next run starts once the step commits. The source reader
 * and its consumer belong to the read-ahead thread, which closes them when it ends. The
 * methods of {@link ItemStreamReader} are for the step's thread only.
 * <p>
 * Whatever ends the read-ahead thread early, an {@link Error} too, reaches the step as a
 * {@link PartitionReadException} from {@link #read()}: the step never waits for a thread that
 * is gone. A failure never ends the range: the read after it reads again from the first record
 * not handed over, as a retry of the step expects, and fails again if the cause persists.
 */
class ReadAheadReader implements ItemStreamReader<PreparedRecord> {

	private static final Logger logger = LoggerFactory.getLogger(ReadAheadReader.class);

	static final int BATCH_RECORDS = 256;

	static final int BATCH_BYTES = 1024 * 1024;

	static final int QUEUED_BATCHES = 4;

	private static final long CLOSE_TIMEOUT_SECONDS = 30;

	private final KafkaPartitionReader source;

	private final Function<ConsumerRecord<byte[], byte[]>, ParsedRecord> parser;

	// Its size is a counter read without a lock, and it takes and puts under separate locks: the read-ahead
	// thread looks at the size after every record, which an ArrayBlockingQueue answers under the lock that
	// the step's take waits for.
	private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>(QUEUED_BATCHES);

	private @Nullable Thread thread;

	private volatile boolean stopping;

	private volatile boolean doneReading;

	private Iterator<PreparedRecord> current = Collections.emptyIterator();

	private boolean ended;

	private long nextOffset;

	private long lastRead = -1;

	/**
	 * @param source reads the partition's range; used by the read-ahead thread alone
	 * @param parser turns a record into an event, or throws why it cannot
	 */
	ReadAheadReader(KafkaPartitionReader source, Function<ConsumerRecord<byte[], byte[]>, ParsedRecord> parser) {
		this.source = source;
		this.parser = parser;
		this.nextOffset = source.nextOffset();
	}

	/** The offset after the last record handed to the step: what the next run or chunk starts from. */
	public long nextOffset() {
		return this.nextOffset;
	}

	/** Whether a read has found the end of the range: the step reads nothing more. */
	public boolean ended() {
		return this.ended;
	}

	/** The offset of the last record handed to the step, -1 before the first. */
	public long lastReadOffset() {
		return this.lastRead;
	}

	/**
	 * Starts reading ahead: the consumer connects and fetches while the step opens its other
	 * streams and stores its start. A range with nothing to read ends the thread at once,
	 * without a consumer.
	 */
	@Override
	public void open(ExecutionContext executionContext) {
		startReadingAhead();
	}

	@Override
	public @Nullable PreparedRecord read() throws InterruptedException {
		if (this.ended) {
			return null;
		}
		// after a failure, or when the step did not open this reader
		startReadingAhead();
		while (!this.current.hasNext()) {
			Batch batch = this.queue.take();
			Throwable failure = batch.failure();
			if (failure != null) {
				readAgainFromNextOffset();
				throw new PartitionReadException("Reading " + this.source.partition() + " failed at offset "
						+ this.nextOffset + "; the next read starts there again", failure);
			}
			if (batch.records().isEmpty()) {
				this.ended = true;
				this.nextOffset = batch.nextOffset();
				return null;
			}
			this.current = batch.records().iterator();
		}
		PreparedRecord record = this.current.next();
		this.lastRead = record.offset();
		this.nextOffset = record.offset() + 1;
		return record;
	}

	private void startReadingAhead() {
		if (this.thread == null && !this.ended) {
			this.thread = new Thread(this::readAhead, "logbatch-read-" + this.source.partition());
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	/**
	 * Lets the next read start another read-ahead thread where the step stands. The failed
	 * thread has handed its last batch and only closes the consumer, so it ends shortly; what it
	 * read past the step's position is read again.
	 */
	private void readAgainFromNextOffset() throws InterruptedException {
		Thread failed = this.thread;
		this.thread = null;
		this.current = Collections.emptyIterator();
		this.queue.clear();
		if (failed != null) {
			failed.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
			if (failed.isAlive()) {
				logger.warn("{}: the failed read-ahead thread did not end within {} s", this.source.partition(),
						CLOSE_TIMEOUT_SECONDS);
			}
		}
		this.doneReading = false;
		this.source.seek(this.nextOffset);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(IngestSteps.READER_POSITION, this.nextOffset);
	}

	/** Stops the read-ahead thread, which closes the consumer, and waits for it. */
	@Override
	public void close() {
		Thread reading = this.thread;
		if (reading == null) {
			this.source.close();
			return;
		}
		this.stopping = true;
		// frees the thread if it waits for room, and wakes it if it waits for the broker; a
		// thread that is closing the consumer already is left to finish that
		this.queue.clear();
		if (!this.doneReading) {
			reading.interrupt();
		}
		try {
			reading.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (reading.isAlive()) {
			logger.warn("{}: the read-ahead thread did not end within {} s", this.source.partition(),
					CLOSE_TIMEOUT_SECONDS);
		}
		this.thread = null;
	}

	private void readAhead() {
		try {
			List<PreparedRecord> batch = new ArrayList<>(BATCH_RECORDS);
			int bytes = 0;
			while (!this.stopping) {
				ConsumerRecord<byte[], byte[]> record = this.source.read();
				if (record == null) {
					hand(batch);
					hand(new Batch(List.of(), this.source.nextOffset(), null));
					return;
				}
				PreparedRecord prepared = prepare(record);
				batch.add(prepared);
				bytes += prepared.size();
				// small batches while the step waits, full ones while it writes
				if (batch.size() >= BATCH_RECORDS || bytes >= BATCH_BYTES || this.queue.isEmpty()) {
					hand(batch);
					batch = new ArrayList<>(BATCH_RECORDS);
					bytes = 0;
				}
			}
		}
		catch (InterruptedException ex) {
			// stopping
		}
		catch (Throwable ex) {
			// an Error too (the parser's, say): the step waits on the queue for this thread
			if (!this.stopping) {
				handFailure(ex);
			}
		}
		finally {
			this.doneReading = true;
			// an interrupt that stopped a poll must not also cut the consumer's close short
			Thread.interrupted();
			try {
				this.source.close();
			}
			catch (RuntimeException ex) {
				logger.debug("{}: closing the consumer failed", this.source.partition(), ex);
			}
		}
	}

	private PreparedRecord prepare(ConsumerRecord<byte[], byte[]> record) {
		try {
			return new PreparedRecord(record, this.parser.apply(record), null);
		}
		catch (RuntimeException ex) {
			return new PreparedRecord(record, null, ex);
		}
	}

	private void hand(List<PreparedRecord> records) throws InterruptedException {
		if (!records.isEmpty()) {
			hand(new Batch(records, -1, null));
		}
	}

	private void hand(Batch batch) throws InterruptedException {
		this.queue.put(batch);
	}

	private void handFailure(Throwable failure) {
		try {
			hand(new Batch(List.of(), -1, failure));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Records in offset order; none with a next offset at the end of the range; or a failure to raise. */
	private record Batch(List<PreparedRecord> records, long nextOffset, @Nullable Throwable failure) {
	}

}
