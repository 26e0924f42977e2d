package io.logbatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.logbatch.bench.CorpusRecord.Kind;

/**
 * A corpus's entries rendered in one input format: the same events, duplicates and malformed entries in
 * the same order, record {@code i} to partition {@code i % partitions}.
 * <p>
 * A line format has one record per entry, so its records match the JSON corpus's one for one (JSON's are
 * the same bytes). A batched format (OTLP) gathers the valid entries, originals and duplicates, of each
 * service instance into requests of {@code batchSize} log records, as the instance's OpenTelemetry SDK
 * exports them (its last request holds what is left); a malformed entry becomes a record of its own (a
 * cut-short request), so that it dead-letters no valid event with it. Its events are then the corpus's, in
 * another order across instances, and its records fewer.
 */
final class FormatCorpus implements CorpusSource {

	private final Corpus corpus;

	private final BenchFormat format;

	private final int batchSize;

	/** @param batchSize log records per request of a batched format, at least 1 */
	FormatCorpus(Corpus corpus, BenchFormat format, int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("a request holds at least one log record, not " + batchSize);
		}
		this.corpus = corpus;
		this.format = format;
		this.batchSize = batchSize;
	}

	BenchFormat format() {
		return this.format;
	}

	@Override
	public void forEach(Consumer<CorpusRecord> action) {
		if (this.format == BenchFormat.JSON) {
			this.corpus.forEach(action);
		}
		else if (this.format.batched()) {
			forEachRequest(action);
		}
		else {
			int partitions = this.corpus.shape().partitions();
			this.corpus.forEachEntry((entry) -> {
				long index = entry.index();
				byte[] value = (entry.kind() == Kind.MALFORMED) ? this.format.malformed(entry.event())
						: this.format.record(entry.event());
				action.accept(new CorpusRecord(index, (int) (index % partitions), index / partitions, entry.kind(),
						value));
			});
		}
	}

	private void forEachRequest(Consumer<CorpusRecord> action) {
		Requests requests = new Requests(action);
		this.corpus.forEachEntry((entry) -> {
			if (entry.kind() == Kind.MALFORMED) {
				requests.send(Kind.MALFORMED, this.format.malformed(entry.event()), 0, 0);
			}
			else {
				requests.add(entry);
			}
		});
		requests.flushAll();
	}

	/**
	 * Gathers each service instance's events into its requests, as its SDK's batch processor does, and
	 * numbers the records sent; one per corpus pass.
	 */
	private final class Requests {

		private final Consumer<CorpusRecord> action;

		private final Map<String, Pending> pendingByHost = new LinkedHashMap<>();

		private long next;

		Requests(Consumer<CorpusRecord> action) {
			this.action = action;
		}

		void add(Corpus.Entry entry) {
			Pending pending = this.pendingByHost.computeIfAbsent(entry.event().host(), (host) -> new Pending());
			pending.events.add(entry.event());
			if (entry.kind() == Kind.DUPLICATE) {
				pending.duplicates++;
			}
			else {
				pending.originals++;
			}
			if (pending.events.size() == FormatCorpus.this.batchSize) {
				flush(pending);
			}
		}

		void flushAll() {
			this.pendingByHost.values().forEach(this::flush);
		}

		private void flush(Pending pending) {
			if (!pending.events.isEmpty()) {
				send(Kind.BATCH, FormatCorpus.this.format.request(pending.events), pending.originals,
						pending.duplicates);
				pending.events.clear();
				pending.originals = 0;
				pending.duplicates = 0;
			}
		}

		void send(Kind kind, byte[] value, int originals, int duplicates) {
			int partitions = FormatCorpus.this.corpus.shape().partitions();
			this.action.accept(new CorpusRecord(this.next, (int) (this.next % partitions), this.next / partitions,
					kind, value, originals, duplicates));
			this.next++;
		}

	}

	/** One service instance's events not yet sent. */
	private static final class Pending {

		private final List<CorpusEvent> events = new ArrayList<>();

		private int originals;

		private int duplicates;

	}

}
