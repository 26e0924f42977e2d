package io.logbatch.ingest;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.logbatch.LogbatchProperties;
import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.parsing.InvalidRecordException;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.dao.TransientDataAccessException;

/**
 * The one place that classifies failures:
 * <ul>
 * <li>bad input is never retried and is skipped to the dead-letter topic: an
 * {@link InvalidRecordException}, and a row PostgreSQL rejects, known by the SQLSTATE of the
 * {@link SQLException} in the failure's causes (see {@link #rejectedRow}) rather than by
 * Spring's translation, which calls a trigger's exception uncategorized and an index row too
 * large a resource failure;</li>
 * <li>a transient failure (a serialization failure, deadlock, lock or query timeout, any
 * {@link TransientDataAccessException}, or a retriable Kafka error) is retried
 * {@code logbatch.retry.attempts} times, {@code logbatch.retry.backoff} apart;</li>
 * <li>anything else, such as an error of the connection (SQLSTATE class 08), of the server
 * (57P, 53, 58) or of the schema (42), and a transient failure that outlasts its retries,
 * fails the step, ready for a restart: an outage never turns good records into dead
 * letters.</li>
 * </ul>
 * A failed chunk write that is bad input is written again record by record in the same
 * transaction (Spring Batch's scan), so that only the records PostgreSQL rejects are skipped.
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
		if (rejectedRow(failure) != null) {
			return false;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException
					|| cause instanceof org.apache.kafka.common.errors.RetriableException) {
				return true;
			}
		}
		return false;
	}

	static boolean isBadInput(Throwable failure) {
		return failure instanceof InvalidRecordException || rejectedRow(failure) != null;
	}

	/**
	 * The PostgreSQL error behind a failure when it rejects one record's row, by the class of
	 * its SQLSTATE: 22 data exception (a value the column's type cannot hold), 23 integrity
	 * constraint violation (a user's check, unique index or foreign key), P0 raised by a
	 * PL/pgSQL trigger ({@code RAISE EXCEPTION} is P0001) and 54 program limit exceeded (an
	 * index row too large). Any other error, of the connection or the server, is not one:
	 * retried while transient, else it fails the step.
	 * @return the error, or null if the failure is not a row PostgreSQL rejected
	 */
	static @Nullable SQLException rejectedRow(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException error && error.getSQLState() != null) {
				String sqlState = error.getSQLState();
				return (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("P0")
						|| sqlState.startsWith("54")) ? error : null;
			}
		}
		return null;
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
