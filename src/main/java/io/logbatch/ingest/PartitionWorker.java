package io.logbatch.ingest;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Records which process runs a partition: its name ({@code logbatch.worker-name}, else
 * {@code <hostname>:<pid>}) goes into the partition step's execution context under
 * {@value #KEY} when the step starts, and is saved at once, so that {@code status} shows it
 * while the partition still runs. A restarted partition is a new step execution and records
 * its own worker, which may be another machine than the one that failed. Thread-safe: one
 * instance serves every partition step of the JVM.
 */
public class PartitionWorker implements StepExecutionListener {

	/** The step execution context key of the worker's name. */
	public static final String KEY = "worker";

	private final JobRepository jobRepository;

	private final Supplier<String> name;

	private volatile @Nullable String resolved;

	/**
	 * @param name the worker's name, such as {@code LogbatchProperties::effectiveWorkerName};
	 * asked once, when the first partition starts, as it may wait on DNS
	 */
	public PartitionWorker(JobRepository jobRepository, Supplier<String> name) {
		this.jobRepository = jobRepository;
		this.name = name;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		// a restarted partition's context is a copy of the failed one's, worker included
		stepExecution.getExecutionContext().putString(KEY, name());
		this.jobRepository.updateExecutionContext(stepExecution);
	}

	/** The name of the process a partition ran in; null for partitions from before it was recorded. */
	static @Nullable String of(StepExecution step) {
		Object worker = step.getExecutionContext().get(KEY);
		return (worker instanceof String name) ? name : null;
	}

	private String name() {
		String name = this.resolved;
		if (name == null) {
			name = this.name.get();
			this.resolved = name;
		}
		return name;
	}

}
