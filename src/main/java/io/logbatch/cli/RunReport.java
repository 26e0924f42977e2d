package io.logbatch.cli;

import java.io.PrintStream;
import java.util.Optional;

import io.logbatch.LogbatchProperties;
import io.logbatch.offsets.PartitionRanges.BrokersUnreachableException;
import io.logbatch.offsets.PartitionRanges.UnknownTopicException;
import io.logbatch.report.PartitionOutcome;
import io.logbatch.report.RunSummary;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How {@code run} and {@code restart} end: the summary, a line per partition the execution
 * ran, what went wrong, and the exit code.
 */
final class RunReport {

	private RunReport() {
	}

	/** Prints the outcome of a run, or why it did not start, and returns the exit code. */
	static int print(Optional<JobExecution> ran, ConfigurableApplicationContext context, PrintStream out) {
		LogbatchProperties properties = context.getBean(LogbatchProperties.class);
		if (ran.isEmpty()) {
			throw new CommandFailure(ExitCodes.LOCKED, "another run of group '" + properties.groupId()
					+ "' holds the run lock (or worker processes still run partitions of a run whose manager is "
					+ "gone); this one did not start");
		}
		JobExecution execution = ran.get();
		RunSummary summary = RunSummary.of(execution, properties.delivery());
		out.println(summary.describe());
		if (!summary.filteredByRule().isEmpty()) {
			out.println("  filtered by rule: " + summary.describeFilteredByRule());
		}
		for (PartitionOutcome partition : summary.partitions()) {
			out.println("  " + partition.describe());
		}
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return ExitCodes.OK;
		}
		for (Throwable failure : execution.getAllFailureExceptions()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof UnknownTopicException) {
					throw new CommandFailure(ExitCodes.USAGE, cause.getMessage());
				}
				if (cause instanceof BrokersUnreachableException) {
					throw new CommandFailure(ExitCodes.FAILED, cause.getMessage());
				}
			}
			out.println("  failure: " + failure);
			// Spring Batch's own failures ("Unable to process chunk") do not say what went wrong.
			for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
				out.println("    caused by: " + cause);
			}
		}
		String how = (execution.getStatus() == BatchStatus.STOPPED) ? "stopped at a chunk boundary"
				: "did not complete";
		out.println("  The run " + how + "; everything before its last committed chunk is stored. "
				+ "'restart " + execution.getId() + "' resumes it.");
		return ExitCodes.FAILED;
	}

}
