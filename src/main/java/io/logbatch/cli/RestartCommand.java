package io.logbatch.cli;

import java.io.PrintStream;
import java.util.List;

import io.logbatch.scheduling.ExclusiveRuns;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "restart", mixinStandardHelpOptions = true,
		description = { "Resumes a FAILED or STOPPED execution of the configured group from its last committed "
				+ "chunk, and finishes the range its run captured when it first started. An execution left "
				+ "running by a process that is gone is marked FAILED first.", "",
				"Exit codes: as 'run'; 2 also when the execution does not exist or cannot be restarted." })
class RestartCommand implements ContextCommand {

	@Mixin
	WorkersOption workersOption = new WorkersOption();

	@ArgGroup(exclusive = true, multiplicity = "1")
	@Nullable Target target;

	private final PrintStream out;

	RestartCommand() {
		this(System.out);
	}

	RestartCommand(PrintStream out) {
		this.out = out;
	}

	static class Target {

		@Parameters(paramLabel = "EXECUTION_ID", description = "the execution to resume (see 'status')")
		@Nullable Long executionId;

		@Option(names = "--last-failed", description = "the newest FAILED or STOPPED execution of the group")
		boolean lastFailed;

	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		Long executionId = (this.target != null) ? this.target.executionId : null;
		return RunReport.print(context.getBean(ExclusiveRuns.class).restart(executionId), context, this.out);
	}

	@Override
	public List<String> properties() {
		return this.workersOption.asProperties();
	}

	@Override
	public boolean stopsRunsOnSignal() {
		return true;
	}

}
