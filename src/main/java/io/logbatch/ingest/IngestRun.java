package io.logbatch.ingest;

import io.logbatch.LogbatchProperties;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Component;

/**
 * Starts one bounded run of the ingestion job for the configured group and waits for it to
 * end. Each run is a new job instance, identified by the group and its start time.
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

	/** Runs the job to its end. */
	public JobExecution run() throws Exception {
		JobParameters parameters = new JobParametersBuilder().addString("group", this.properties.groupId())
			.addLong("run.started", System.currentTimeMillis())
			.toJobParameters();
		return this.jobOperator.start(this.ingestJob, parameters);
	}

}
