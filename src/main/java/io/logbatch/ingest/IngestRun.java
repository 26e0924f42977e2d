package io.logbatch.ingest;

import io.logbatch.LogbatchProperties;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/**
 * Starts or restarts bounded runs of the ingestion job for the configured group and waits for
 * them to end. Each run is a new job instance, identified by the group and its start time; a
 * restart is a new execution of that instance. Callers hold the group's run lock.
 */
@Component
public class IngestRun {

	private final JobOperator jobOperator;

	private final Job ingestJob;

	private final LogbatchProperties properties;

	IngestRun(JobOperator jobOperator, Job ingestJob, LogbatchProperties properties) {
		this.jobOperator = jobOperator;
		this.ingestJob = ingestJob;
		this.properties = properties;
	}

	/** Starts a new run and waits for its end. */
	public JobExecution run() throws Exception {
		JobParameters parameters = new JobParametersBuilder().addString(IngestSteps.GROUP, this.properties.groupId())
			.addLong("run.started", System.currentTimeMillis())
			.toJobParameters();
		return this.jobOperator.start(this.ingestJob, parameters);
	}

	/**
	 * Runs a FAILED or STOPPED execution's run again, as a new execution, and waits for its
	 * end. Partitions that completed stay done; the others resume from their stored offsets
	 * and end at the range captured by the run's first execution.
	 */
	public JobExecution restart(JobExecution execution) throws Exception {
		// Starting the job with the execution's parameters is Spring Batch's restart: the same
		// instance, a new execution. JobOperator.restart would look the job up in a registry.
		return this.jobOperator.start(this.ingestJob, execution.getJobParameters());
	}

}
