package io.logbatch.ingest;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * One partition step's count of events that were already stored, kept in its execution
 * context so that the run summary and {@code status} read it with Spring Batch's own counts.
 */
class DuplicateCounter implements ItemStream, StepExecutionListener {

	static final String KEY = "logbatch.duplicates";

	private final AtomicLong count = new AtomicLong();

	AtomicLong count() {
		return this.count;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(KEY, this.count.get());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		update(stepExecution.getExecutionContext());
		return stepExecution.getExitStatus();
	}

}
