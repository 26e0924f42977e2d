package io.logbatch.scheduling;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Asks a running execution to stop, through the job repository: its partitions read the
 * status back when they commit a chunk, in whatever process runs them, and end there. Unlike
 * {@code JobOperator.stop}, which in Spring Batch 6 also sets an end time and so records the
 * execution as STOPPED while its chunks still run, this leaves it STOPPING until it has ended.
 */
final class StopRequest {

	private StopRequest() {
	}

	/** Marks the execution STOPPING; false if it is not STARTING or STARTED. */
	static boolean send(JobRepository jobRepository, JobExecution execution) {
		if (execution.getStatus() != BatchStatus.STARTING && execution.getStatus() != BatchStatus.STARTED) {
			return false;
		}
		execution.setStatus(BatchStatus.STOPPING);
		jobRepository.update(execution);
		return true;
	}

}
