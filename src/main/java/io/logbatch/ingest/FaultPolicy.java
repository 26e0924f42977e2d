package io.logbatch.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.logbatch.LogbatchProperties;
import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.parsing.InvalidRecordException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;

/**
 * The one place that classifies failures:
 * <ul>
 * <li>bad input ({@link InvalidRecordException}, and a row PostgreSQL rejects as
 * {@link DataIntegrityViolationException}, such as text it cannot store) is never retried
 * and is skipped to the dead-letter topic;</li>
 * <li>a transient failure (a serialization failure, deadlock, lock or query timeout, any
 * {@link TransientDataAccessException}, or a retriable Kafka error) is retried
 * {@code logbatch.retry.attempts} times, {@code logbatch.retry.backoff} apart;</li>
 * <li>anything else, and a transient failure that outlasts its retries, fails the step,
 * ready for a restart: an outage never turns good records into dead letters.</li>
 * </ul>
 * At most once, nothing is retried and every failed write is skipped (logged and dropped);
 * a failed read ({@link PartitionReadException}) is not, and fails the step.
 * Skips are limited per run by {@code logbatch.skip-limit}, counted over all partitions of
 * this process: with remote workers, over the partitions each worker runs.
 * Thread-safe.
 */
final class FaultPolicy implements SkipPolicy, JobExecutionListener {

	private final LogbatchProperties properties;

	/** Skips of the run in progress; a worker serves one run after another, with no beforeJob. */
	private final AtomicReference<RunSkips> skipped = new AtomicReference<>(new RunSkips(-1));

	FaultPolicy(LogbatchProperties properties) {
		this.properties = properties;
	}

	RetryPolicy retryPolicy() {
		long retries = (this.properties.delivery() == Delivery.AT_MOST_ONCE) ? 0
				: this.properties.retry().attempts() - 1;
		return RetryPolicy.builder()
			.maxRetries(retries)
			.delay(this.properties.retry().backoff())
			.predicate(FaultPolicy::isTransient)
			.build();
	}

	static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException
					|| cause instanceof org.apache.kafka.common.errors.RetriableException) {
				return true;
			}
		}
		return false;
	}

	static boolean isBadInput(Throwable failure) {
		return failure instanceof InvalidRecordException || failure instanceof DataIntegrityViolationException;
	}

	/**
	 * Whether a failure is skipped. Spring Batch also asks with a count of -1, before a
	 * failed chunk write is split up, which is not yet a skip; every other call is one, and
	 * is counted against the run's limit here, atomically, as partitions skip concurrently.
	 */
	@Override
	public boolean shouldSkip(Throwable failure, long stepSkipCount) {
		// a failed read names no record to drop, and reading again meets the same failure
		boolean skippable = isBadInput(failure) || (this.properties.delivery() == Delivery.AT_MOST_ONCE
				&& failure instanceof Exception && !(failure instanceof PartitionReadException));
		if (!skippable || stepSkipCount < 0) {
			return skippable;
		}
		long limit = this.properties.skipLimit();
		if (limit >= 0 && skipsOfCurrentRun().incrementAndGet() > limit) {
			throw new SkipLimitExceededException(limit, failure);
		}
		return true;
	}

	private AtomicLong skipsOfCurrentRun() {
		StepContext step = StepSynchronizationManager.getContext();
		long run = (step != null) ? step.getStepExecution().getJobExecutionId() : -1;
		return this.skipped.updateAndGet((current) -> (current.run() == run) ? current : new RunSkips(run)).count();
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.skipped.set(new RunSkips(jobExecution.getId()));
	}

	private record RunSkips(long run, AtomicLong count) {

		RunSkips(long run) {
			this(run, new AtomicLong());
		}

	}

}
