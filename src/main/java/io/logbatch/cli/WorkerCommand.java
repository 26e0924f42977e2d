package io.logbatch.cli;

import io.logbatch.remote.Worker;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "worker", mixinStandardHelpOptions = true,
		description = { "Serves the partitions of remote runs (logbatch.workers=remote) of the configured group "
				+ "until SIGTERM or SIGINT: up to logbatch.concurrency partitions at once, each a chunk step as a "
				+ "local run would process it. Start it on any number of machines, with the same Kafka, "
				+ "PostgreSQL and logbatch.group-id as the runs. On SIGTERM it takes no more partitions, "
				+ "stops its partitions at their next chunk boundary (restartable) and exits. Serves "
				+ "/actuator/health and /actuator/prometheus on server.port (default 8087).", "",
				"Exit codes: 0 clean shutdown, 1 could not serve, 2 usage or configuration error." })
class WorkerCommand implements ContextCommand {

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		context.getBean(Worker.class).serve();
		return ExitCodes.OK;
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
