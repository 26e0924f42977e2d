package io.logbatch.cli;

import java.util.List;

import io.logbatch.scheduling.CronRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "schedule", mixinStandardHelpOptions = true,
		description = { "Stays up and starts a run at every time logbatch.schedule.cron names (default every "
				+ "5 minutes). Runs never overlap, here or with any other process of the same group. SIGTERM "
				+ "or SIGINT stops the current run at its next chunk boundary and ends the process. Serves "
				+ "/actuator/health and /actuator/prometheus on server.port (default 8087).", "",
				"Exit codes: 0 clean shutdown, 2 usage or configuration error." })
class ScheduleCommand implements ContextCommand {

	@Mixin
	WorkersOption workersOption = new WorkersOption();

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		context.getBean(CronRuns.class).serve();
		return ExitCodes.OK;
	}

	@Override
	public List<String> properties() {
		return this.workersOption.asProperties();
	}

	@Override
	public boolean stopsRunsOnSignal() {
		return true;
	}

	@Override
	public boolean servesHttp() {
		return true;
	}

}
