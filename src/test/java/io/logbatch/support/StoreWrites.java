package io.logbatch.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import io.logbatch.LogbatchProperties.WriteMode;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.store.DayPartitions;
import io.logbatch.store.LogEventWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chunks written straight through a {@link LogEventWriter} into the test database, each in a
 * transaction as a partition step writes it, without Kafka: one instance is one partition step
 * of one process, with its own {@link DayPartitions} unless given one to share.
 */
public final class StoreWrites {

	private final DataSourceTransactionManager transactions;

	private final LogEventWriter writer;

	private final AtomicLong duplicates = new AtomicLong();

	public StoreWrites(WriteMode mode) {
		this(mode, Database.jdbc());
	}

	/** Writes into the database of another JdbcTemplate. */
	public StoreWrites(WriteMode mode, JdbcTemplate jdbc) {
		this(mode, jdbc, new DayPartitions(jdbc, new DataSourceTransactionManager(jdbc.getDataSource())));
	}

	public StoreWrites(WriteMode mode, JdbcTemplate jdbc, DayPartitions dayPartitions) {
		this.transactions = new DataSourceTransactionManager(jdbc.getDataSource());
		TransactionTemplate savepoint = new TransactionTemplate(this.transactions);
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.writer = new LogEventWriter(jdbc, savepoint, dayPartitions, mode,
				(chunk, events, changed) -> this.duplicates.addAndGet(events - changed));
	}

	/** One chunk, one event per record, in a transaction of its own. */
	public void write(LogEvent... events) {
		write(List.of(chunk(events)));
	}

	/**
	 * Several chunks in one transaction, as the item-by-item scan of a partition step writes its
	 * records after a failed chunk.
	 */
	public void write(List<Chunk<ParsedRecord>> chunks) {
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> chunks.forEach(this.writer::write));
	}

	/**
	 * Runs {@code work} on that many threads, given each its number, all started at the same
	 * moment, and waits for them all; the first failure is thrown.
	 */
	public static void atOnce(int threads, IntConsumer work) throws Exception {
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<CompletableFuture<Void>> done = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				int number = thread;
				done.add(CompletableFuture.runAsync(() -> {
					try {
						start.await(30, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					work.accept(number);
				}, executor));
			}
			CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
	}

	/** The events that changed nothing, since this instance was made. */
	public long duplicates() {
		return this.duplicates.get();
	}

	public static Chunk<ParsedRecord> chunk(LogEvent... events) {
		Chunk<ParsedRecord> chunk = new Chunk<>();
		for (LogEvent event : events) {
			chunk.add(new ParsedRecord(new ConsumerRecord<>(event.sourceTopic(), event.sourcePartition(),
					event.sourceOffset(), null, new byte[] { '{', '}' }), event));
		}
		return chunk;
	}

	/** An event of a service and level, published when it happened. */
	public static LogEvent event(String id, String occurredAt, String service, String level) {
		return event(id, occurredAt, service, level, occurredAt);
	}

	public static LogEvent event(String id, String occurredAt, String service, String level, String publishedAt) {
		return new LogEvent(id, Instant.parse(occurredAt), level, service, null, id, null, null, "logs", 0,
				id.hashCode() & 0xffff, Instant.parse(publishedAt));
	}

}
