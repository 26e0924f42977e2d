package io.logbatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logbatch.check.Check;
import io.logbatch.check.Check.Status;
import io.logbatch.check.CheckApplication;
import io.logbatch.check.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "check", mixinStandardHelpOptions = true,
		description = { "Checks everything a run needs, without reading or writing a record and without migrating "
				+ "the schema: the brokers (and their metadata.version), each source topic and its partitions, each "
				+ "dead-letter topic (exists or would be created; at least as many partitions as its source), "
				+ "PostgreSQL (reachable, its version), the schema's Flyway version against this logbatch's "
				+ "migrations, the database user's privileges to create day partitions and to write, the group's "
				+ "lag and who holds its run lock, and with --workers=remote the request topic and the live workers. "
				+ "One line per check: OK, WARN (a run goes ahead, with the consequence named) or FAIL, with the "
				+ "fix.", "",
				"Exit codes: 0 no FAIL, 1 some FAIL, 2 usage or configuration error." })
class CheckCommand implements ContextCommand {

	@Mixin
	WorkersOption workersOption = new WorkersOption();

	@Option(names = "--json", description = "one JSON object with every check, for scripts")
	boolean json;

	private final PrintStream out;

	CheckCommand() {
		this(System.out);
	}

	CheckCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Class<?> application() {
		return CheckApplication.class;
	}

	@Override
	public List<String> properties() {
		// A DataSource that cannot be configured is a FAIL line, and the pool's own ERROR line and
		// stack trace for a server it cannot reach would only repeat it; so would the Kafka client's
		// WARN line per attempt to reach brokers that do not answer, about one a second for 30 s.
		List<String> properties = new ArrayList<>(List.of("--spring.main.lazy-initialization=true",
				"--logging.level.com.zaxxer.hikari.pool.HikariPool=off",
				"--logging.level.org.apache.kafka.clients.NetworkClient=error"));
		properties.addAll(this.workersOption.asProperties());
		return properties;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) {
		List<Check> checks = context.getBean(Checks.class).run();
		boolean failed = checks.stream().anyMatch((check) -> check.status() == Status.FAIL);
		if (this.json) {
			this.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
				.writeValueAsString(new Report(failed ? Status.FAIL : Status.OK, checks)));
		}
		else {
			for (Check check : checks) {
				this.out.printf("%-4s  %s: %s%s%n", check.status(), check.name(), check.message(),
						(check.fix() != null) ? ". Fix: " + check.fix() : "");
			}
			Map<Status, Long> counts = new TreeMap<>();
			checks.forEach((check) -> counts.merge(check.status(), 1L, Long::sum));
			this.out.println(counts.getOrDefault(Status.FAIL, 0L) + " FAIL, " + counts.getOrDefault(Status.WARN, 0L)
					+ " WARN, " + counts.getOrDefault(Status.OK, 0L) + " OK");
		}
		return failed ? ExitCodes.FAILED : ExitCodes.OK;
	}

	/**
	 * What {@code --json} prints.
	 * @param status FAIL when some check failed, else OK
	 */
	record Report(Status status, List<Check> checks) {
	}

}
