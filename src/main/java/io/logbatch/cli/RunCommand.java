package io.logbatch.cli;

import java.io.PrintStream;

import io.logbatch.LogbatchProperties;
import io.logbatch.ingest.IngestRun;
import io.logbatch.ingest.RunSummary;
import io.logbatch.offsets.PartitionRanges.UnknownTopicException;
import picocli.CommandLine.Command;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "One bounded run: reads every partition from its stored next offset up to the end "
				+ "offset captured at start, then exits.", "",
				"Exit codes: 0 completed (also when there was nothing to read), 1 failed, 2 usage or "
						+ "configuration error." })
class RunCommand implements ContextCommand {

	private final PrintStream out;

	RunCommand() {
		this(System.out);
	}

	RunCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		LogbatchProperties properties = context.getBean(LogbatchProperties.class);
		JobExecution execution = context.getBean(IngestRun.class).run();
		RunSummary summary = RunSummary.of(execution, properties.delivery());
		this.out.println(summary.describe());
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return ExitCodes.OK;
		}
		for (Throwable failure : execution.getAllFailureExceptions()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof UnknownTopicException) {
					throw new CommandFailure(ExitCodes.USAGE, cause.getMessage());
				}
			}
			this.out.println("  failure: " + failure);
		}
		return ExitCodes.FAILED;
	}

}
