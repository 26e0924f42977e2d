package io.logbatch.cli;

import java.io.PrintStream;
import java.util.List;

import io.logbatch.scheduling.ExclusiveRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "One bounded run: reads every partition from its stored next offset up to the end "
				+ "offset captured at start, then exits. SIGTERM or SIGINT stops it at the next chunk "
				+ "boundary, restartable.", "",
				"Exit codes: 0 completed (also when there was nothing to read), 1 failed or stopped, 2 usage "
						+ "or configuration error, 3 another run of the same group holds the run lock." })
class RunCommand implements ContextCommand {

	@Mixin
	WorkersOption workersOption = new WorkersOption();

	private final PrintStream out;

	RunCommand() {
		this(System.out);
	}

	RunCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		return RunReport.print(context.getBean(ExclusiveRuns.class).run(), context, this.out);
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
