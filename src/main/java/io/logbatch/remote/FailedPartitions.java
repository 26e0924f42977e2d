package io.logbatch.remote;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/** Ends a partition that nobody will run as FAILED, with the reason, so its run can end. */
final class FailedPartitions {

	private FailedPartitions() {
	}

	/**
	 * Marks a partition FAILED unless someone changed it since it was read: the repository's
	 * version check makes the worker or the run that got there first win.
	 * @return whether this call marked it
	 */
	static boolean markFailed(JobRepository jobRepository, StepExecution partition, String reason) {
		partition.setStatus(BatchStatus.FAILED);
		partition.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
		partition.setEndTime(LocalDateTime.now());
		try {
			jobRepository.update(partition);
			return true;
		}
		catch (OptimisticLockingFailureException ex) {
			return false;
		}
	}

}
