package io.logbatch.ingest;

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
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Logs a progress line every few seconds while a run lasts: records read so far and the
 * current rate. Thread-safe: partitions count concurrently.
 */
class RunProgress implements JobExecutionListener, ItemReadListener<Object> {

	private static final Logger logger = LoggerFactory.getLogger(RunProgress.class);

	private final Duration interval;

	private final LongAdder read = new LongAdder();

	private @Nullable ScheduledExecutorService timer;

	private @Nullable ScheduledFuture<?> reporting;

	RunProgress(Duration interval) {
		this.interval = interval;
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
			long total = this.read.sum();
			double rate = (total - last[0]) * 1e9 / Math.max(1, now - last[1]);
			last[0] = total;
			last[1] = now;
			logger.info("Run {}: {} records read, {}/s now, {} s elapsed", jobExecution.getId(), total,
					Math.round(rate), (now - started) / 1_000_000_000L);
		}, this.interval.toMillis(), this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void afterJob(JobExecution jobExecution) {
		if (this.reporting != null) {
			this.reporting.cancel(false);
			this.reporting = null;
		}
	}

}
