package io.logbatch.cli;

import java.io.PrintStream;

import io.logbatch.scheduling.ExecutionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "stop", mixinStandardHelpOptions = true,
		description = { "Asks a running execution, in any process, to stop at its next chunk boundary, and "
				+ "returns at once; the execution then ends STOPPED and 'restart' resumes it. An execution "
				+ "whose process is gone is marked FAILED instead.", "",
				"Exit codes: 0 done, 2 no such execution or it is not running." })
class StopCommand implements ContextCommand {

	@Parameters(paramLabel = "EXECUTION_ID", description = "the execution to stop (see 'status')")
	long executionId;

	private final PrintStream out;

	StopCommand() {
		this(System.out);
	}

	StopCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		JobExecution execution = context.getBean(ExecutionControl.class).stop(this.executionId);
		if (execution.getStatus() == BatchStatus.FAILED) {
			this.out.println("Execution " + this.executionId + " was left running by a process that is gone; "
					+ "marked it FAILED. 'restart " + this.executionId + "' resumes it.");
		}
		else {
			this.out.println("Execution " + this.executionId + " stops at its next chunk boundary and ends "
					+ "STOPPED; 'restart " + this.executionId + "' resumes it.");
		}
		return ExitCodes.OK;
	}

}
