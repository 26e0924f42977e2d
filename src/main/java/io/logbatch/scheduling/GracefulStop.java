package io.logbatch.scheduling;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stops this process's runs at their next chunk boundary when the process is asked to end
 * (SIGTERM, SIGINT), leaving STOPPED executions that {@code restart} resumes. It stops them as
 * {@code logbatch stop} would from another process: through the job repository, which every
 * partition consults when it commits a chunk. A run that starts after the request stops at
 * once. Thread-safe: the request comes from a signal thread.
 */
// the last of the run's listeners: its afterJob runs first
@Component
@Order(500)
public class GracefulStop implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(GracefulStop.class);

	private final JobRepository jobRepository;

	private final CountDownLatch requested = new CountDownLatch(1);

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	GracefulStop(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/** Asks every run of this process, and any run still to start, to stop. */
	public void request() {
		if (isRequested()) {
			return;
		}
		this.requested.countDown();
		this.running.forEach(this::stop);
	}

	/** Stops the runs in progress at their next chunk boundary; later runs start as usual. */
	public void stopRunning(String reason) {
		logger.warn("Stopping run(s) {}: {}", this.running, reason);
		this.running.forEach(this::stop);
	}

	public boolean isRequested() {
		return this.requested.getCount() == 0;
	}

	/** Waits until a stop is requested or the time is up; true if it was requested. */
	public boolean await(Duration timeout) throws InterruptedException {
		return this.requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.running.add(jobExecution.getId());
		if (isRequested()) {
			stop(jobExecution.getId());
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		this.running.remove(jobExecution.getId());
	}

	private void stop(long executionId) {
		try {
			JobExecution current = this.jobRepository.getJobExecution(executionId);
			if (current != null && StopRequest.send(this.jobRepository, current)) {
				logger.info("Stopping run {} at its next chunk boundary; 'restart {}' resumes it", executionId,
						executionId);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not ask run {} to stop: {}", executionId, ex.toString());
		}
	}

}
