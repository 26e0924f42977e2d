package io.logbatch.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.logbatch.LogbatchApplication;
import io.logbatch.LogbatchProperties;
import io.logbatch.cli.Cli;
import io.logbatch.report.RunSummary;
import io.logbatch.scheduling.ExclusiveRuns;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs logbatch against the test broker and database: {@link #run} through the application
 * context, {@link #cli} through the command line exactly as a user types it.
 */
public final class Logbatch {

	private final Map<String, String> properties = new LinkedHashMap<>();

	private Logbatch(String topics, String groupId) {
		this.properties.put("spring.kafka.bootstrap-servers", Kafka.bootstrapServers());
		this.properties.put("spring.datasource.url", TestInfrastructure.jdbcUrl());
		this.properties.put("logbatch.topics", topics);
		this.properties.put("logbatch.group-id", groupId);
		this.properties.put("logbatch.retry.backoff", "100ms");
		this.properties.put("logbatch.poll-timeout", "5s");
		// schedule serves HTTP: on any free loopback port, so that builds running at once never collide
		this.properties.put("server.address", "127.0.0.1");
		this.properties.put("server.port", "0");
	}

	/** logbatch for these comma-separated topics, in its own consumer group. */
	public static Logbatch forTopics(String topics) {
		return new Logbatch(topics, "group-" + topics.hashCode() + "-" + System.nanoTime() % 100_000);
	}

	public Logbatch with(String key, String value) {
		this.properties.put(key, value);
		return this;
	}

	public String groupId() {
		return this.properties.get("logbatch.group-id");
	}

	/** One bounded run, under the group's run lock as the command line runs it; its summary. */
	public RunSummary run() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			return runIn(context);
		}
	}

	/** One bounded run in an application {@link #start() started} before, for tests that read its beans after. */
	public static RunSummary runIn(ConfigurableApplicationContext context) {
		try {
			JobExecution execution = context.getBean(ExclusiveRuns.class).run()
				.orElseThrow(() -> new IllegalStateException("another run holds the group's run lock"));
			return RunSummary.of(execution, context.getBean(LogbatchProperties.class).delivery());
		}
		catch (Exception ex) {
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
	}

	/** {@link #run()} on another thread, for a test that acts while the run is under way. */
	public CompletableFuture<RunSummary> runInBackground() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The command line: {@code logbatch COMMAND ARGS --every.property=value}. */
	public CliResult cli(String... commandAndArgs) {
		List<String> args = arguments(commandAndArgs);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintStream originalOut = System.out;
		int code;
		try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
			System.setOut(capture);
			code = new Cli(new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new));
		}
		finally {
			System.setOut(originalOut);
		}
		return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The built application in a child process: {@code java -jar logbatch.jar COMMAND ARGS ...}. */
	public LogbatchProcess process(String... commandAndArgs) {
		return LogbatchProcess.start(arguments(commandAndArgs));
	}

	/**
	 * The built application in a child process as the distribution starts it: the extracted jar,
	 * from a class-data archive, which starts in half the time of the bare jar.
	 */
	public LogbatchProcess processFromArchive(String... commandAndArgs) {
		return LogbatchProcess.startFromArchive(arguments(commandAndArgs));
	}

	List<String> arguments(String... commandAndArgs) {
		List<String> args = new ArrayList<>(List.of(commandAndArgs));
		this.properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		return args;
	}

	/** The application, started and ready, for tests that drive its beans; the caller closes it. */
	public ConfigurableApplicationContext start() {
		List<String> args = arguments();
		return new SpringApplicationBuilder(LogbatchApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	/** What a command printed and returned. */
	public record CliResult(int exitCode, String out, String err) {
	}

}
