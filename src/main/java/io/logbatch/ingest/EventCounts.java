package io.logbatch.ingest;

import java.util.Map;
import java.util.TreeMap;

import io.logbatch.parsing.ParsedRecord;
import io.logbatch.store.ChunkWritten;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * One partition step's counts of events, which Spring Batch's counts of records cannot give once a record
 * holds several events or none: the events its writes offered, those that were stored already and changed
 * nothing, and those the processing rules dropped, by rule. The writer reports each chunk it wrote; the
 * chunk's figures join the totals in {@link #update}, which the step calls inside the chunk's transaction,
 * so the counts in the step's execution context commit with the rows they count and a rolled-back chunk
 * counts nothing. Not thread-safe: one instance per partition step.
 */
class EventCounts implements ItemStream, ChunkListener<Object, Object>, ChunkWritten {

	/** Context key prefix of the events dropped by each rule. */
	static final String FILTERED_PREFIX = "logbatch.filtered.";

	private long events;

	private long duplicates;

	private final Map<String, Long> filtered = new TreeMap<>();

	private long pendingEvents;

	private long pendingDuplicates;

	private final Map<String, Long> pendingFiltered = new TreeMap<>();

	@Override
	public void written(Chunk<? extends ParsedRecord> chunk, int events, int changed) {
		this.pendingEvents += events;
		this.pendingDuplicates += events - changed;
		for (ParsedRecord record : chunk) {
			record.filtered().forEach((rule, count) -> this.pendingFiltered.merge(rule, (long) count, Long::sum));
		}
	}

	/**
	 * Forgets the counts that a restarted execution's context took over from the failed one: like Spring
	 * Batch's own counts, these are of this execution.
	 */
	@Override
	public void open(ExecutionContext executionContext) {
		executionContext.remove(IngestSteps.EVENTS);
		executionContext.remove(IngestSteps.DUPLICATES);
		for (String key : filteredByRule(executionContext).keySet()) {
			executionContext.remove(FILTERED_PREFIX + key);
		}
	}

	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		clearPending();
	}

	@Override
	public void update(ExecutionContext executionContext) {
		this.events += this.pendingEvents;
		this.duplicates += this.pendingDuplicates;
		this.pendingFiltered.forEach((rule, count) -> this.filtered.merge(rule, count, Long::sum));
		clearPending();
		executionContext.putLong(IngestSteps.EVENTS, this.events);
		executionContext.putLong(IngestSteps.DUPLICATES, this.duplicates);
		this.filtered.forEach((rule, count) -> executionContext.putLong(FILTERED_PREFIX + rule, count));
	}

	private void clearPending() {
		this.pendingEvents = 0;
		this.pendingDuplicates = 0;
		this.pendingFiltered.clear();
	}

	/** The events a step execution's rules dropped, by rule. */
	static Map<String, Long> filteredByRule(ExecutionContext context) {
		Map<String, Long> counts = new TreeMap<>();
		for (Map.Entry<String, Object> entry : context.entrySet()) {
			if (entry.getKey().startsWith(FILTERED_PREFIX) && entry.getValue() instanceof Number count) {
				counts.put(entry.getKey().substring(FILTERED_PREFIX.length()), count.longValue());
			}
		}
		return counts;
	}

}
