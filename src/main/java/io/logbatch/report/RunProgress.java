package io.logbatch.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Logs a progress line every few seconds while a run lasts: records read so far and the
 * current rate. Partitions of this process count as they read; those of {@code worker}
 * processes as the job repository shows their committed chunks. Thread-safe: partitions count
 * concurrently.
 */
class RunProgress implements JobExecutionListener, ItemReadListener<Object> {

	private static final Logger logger = LoggerFactory.getLogger(RunProgress.class);

	private final Duration interval;

	private final @Nullable JobRepository remoteProgress;

	private final LongAdder read = new LongAdder();

	private @Nullable ScheduledExecutorService timer;

	private @Nullable ScheduledFuture<?> reporting;

	/**
	 * @param remoteProgress where to read the progress of partitions that run in other
	 * processes; null when they all run in this one
	 */
	RunProgress(Duration interval, @Nullable JobRepository remoteProgress) {
		this.interval = interval;
		this.remoteProgress = remoteProgress;
	}

	@Override
	public void afterRead(Object item) {
		this.read.increment();
	}

	@Override
	public synchronized void beforeJob(JobExecution jobExecution) {
		this.read.reset();
		if (this.timer == null) {
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "logbatch-progress");
				thread.setDaemon(true);
				return thread;
			});
		}
		long started = System.nanoTime();
		long[] last = { 0, started };
		this.reporting = this.timer.scheduleAtFixedRate(() -> {
			long now = System.nanoTime();
			long total = readSoFar(jobExecution.getId());
			double rate = (total - last[0]) * 1e9 / Math.max(1, now - last[1]);
			last[0] = total;
			last[1] = now;
			logger.info("Run {}: {} records read, {}/s now, {} s elapsed", jobExecution.getId(), total,
					Math.round(rate), (now - started) / 1_000_000_000L);
		}, this.interval.toMillis(), this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private long readSoFar(long executionId) {
		if (this.remoteProgress == null) {
			return this.read.sum();
		}
		JobExecution current = this.remoteProgress.getJobExecution(executionId);
		return (current != null) ? current.getStepExecutions()
			.stream()
			.filter(PartitionOutcome::isPartition)
			.mapToLong(StepExecution::getReadCount)
			.sum() : 0;
	}

	@Override
	public synchronized void afterJob(JobExecution jobExecution) {
		if (this.reporting != null) {
			this.reporting.cancel(false);
			this.reporting = null;
		}
	}

}
