package io.logbatch.cli;

import java.io.PrintStream;

import io.logbatch.scheduling.ExecutionControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "abandon", mixinStandardHelpOptions = true,
		description = { "Marks a FAILED or STOPPED execution ABANDONED: it is never restarted, by "
				+ "'restart --last-failed' either. Nothing is lost: the next run reads on from the stored "
				+ "offsets.", "", "Exit codes: 0 done, 2 no such execution, or it is running or COMPLETED." })
class AbandonCommand implements ContextCommand {

	@Parameters(paramLabel = "EXECUTION_ID", description = "the execution to abandon (see 'status')")
	long executionId;

	private final PrintStream out;

	AbandonCommand() {
		this(System.out);
	}

	AbandonCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		context.getBean(ExecutionControl.class).abandon(this.executionId);
		this.out.println("Execution " + this.executionId + " is ABANDONED.");
		return ExitCodes.OK;
	}

}
