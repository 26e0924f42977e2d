package io.logbatch.ingest;

import java.util.HashMap;
import java.util.Map;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.metrics.RecordMetrics.Outcome;
import io.logbatch.metrics.RecordMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Adds one partition step's records to {@link RecordMetrics} once per committed chunk rather
 * than per record: the step's totals by outcome after the commit, less what was added before.
 * Written, duplicate and filtered records of a chunk that rolls back are never added; dead
 * letters are added as {@link DeadLetterAcknowledgements} counts them, published. The step's end adds
 * what its last chunk left. The meters thus sum the figures {@code status} shows.
 * Thread-safe; one instance per partition step.
 */
class OutcomeMeter implements ItemStream, StepExecutionListener {

	private final StepExecution step;

	private final Delivery delivery;

	private final DeadLetterAcknowledgements deadLetters;

	private final RecordMetrics metrics;

	/** The totals added so far, by outcome and reason. */
	private final Map<String, Long> added = new HashMap<>();

	/** @param deadLetters the step's counter, read directly as it holds counts before the context does */
	OutcomeMeter(StepExecution step, Delivery delivery, DeadLetterAcknowledgements deadLetters, RecordMetrics metrics) {
		this.step = step;
		this.delivery = delivery;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	/** Called inside the chunk's transaction: the figures count once it has committed. */
	@Override
	public void update(ExecutionContext executionContext) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			addNew();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				addNew();
			}
		});
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		addNew();
		return null;
	}

	private synchronized void addNew() {
		PartitionCounts now = PartitionCounts.of(this.step, this.delivery);
		String topic = this.step.getExecutionContext().getString(IngestSteps.TOPIC, "?");
		add(topic, Outcome.WRITTEN, RecordMetrics.NO_REASON, now.written());
		add(topic, Outcome.DUPLICATE, RecordMetrics.NO_REASON, now.duplicates());
		// the rule that dropped an event is its reason; what no rule counted (Spring Batch's filter count) has none
		long byRule = 0;
		for (Map.Entry<String, Long> rule : IngestSteps.filteredByRule(this.step).entrySet()) {
			add(topic, Outcome.FILTERED, rule.getKey(), rule.getValue());
			byRule += rule.getValue();
		}
		add(topic, Outcome.FILTERED, RecordMetrics.NO_REASON, now.filtered() - byRule);
		add(topic, Outcome.DROPPED, RecordMetrics.NO_REASON, now.dropped());
		this.deadLetters.counts().forEach((reason, count) -> add(topic, Outcome.DEAD_LETTERED, reason, count));
	}

	/** Adds what a total grew by since it was last added; it never shrinks a counter. */
	private void add(String topic, Outcome outcome, String reason, long total) {
		String key = outcome + "/" + reason;
		long before = this.added.getOrDefault(key, 0L);
		if (total > before) {
			this.metrics.count(topic, outcome, reason, total - before);
			this.added.put(key, total);
		}
	}

}
