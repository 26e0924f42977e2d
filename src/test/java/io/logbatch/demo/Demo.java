package io.logbatch.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.logbatch.cli.Cli;
import io.logbatch.support.Kafka;
import io.logbatch.support.TestInfrastructure;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The README's demo: on an embedded Kafka broker and an embedded PostgreSQL, loads sample logs, runs
 * logbatch so that some records are dead-lettered, shows {@code status} and {@code dlt inspect}, fixes the
 * cause, redrives, runs again so that the redriven records are stored, and ends with {@code check}. It
 * prints its narration and logbatch's output only: the broker's, PostgreSQL's and logbatch's logs go to
 * {@value #LOG_FILE}. The broker and PostgreSQL stop when it ends, also when it fails or is interrupted.
 */
public final class Demo {

	/** Where every log goes, relative to the working directory (the project's, under Maven). */
	static final String LOG_FILE = "target/demo.log";

	private static final String LOGGING_CONFIG = "classpath:demo-logback.xml";

	/** The settings of every command that the narration shows once. */
	private static final List<String> SETTINGS = List.of("--logbatch.topics=" + DemoSamples.LOGS + ","
			+ DemoSamples.NGINX, "--logbatch.input.topics.[" + DemoSamples.NGINX + "].format=clf",
			"--logbatch.max-record-bytes=4096");

	private static final String REJECT = "--logbatch.event-id.fallback=reject";

	private final Servers servers;

	private Demo(Servers servers) {
		this.servers = servers;
	}

	public static void main(String[] args) {
		Path log = Path.of(LOG_FILE).toAbsolutePath();
		try {
			Files.createDirectories(log.getParent());
			Files.deleteIfExists(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int exitCode = 1;
		try {
			walkThrough(Demo::startServers);
			exitCode = 0;
		}
		catch (DemoStopped ex) {
			System.out.println();
			System.out.println("The demo stopped here: " + ex.getMessage() + ". The logs are in " + LOG_FILE + ".");
		}
		catch (RuntimeException ex) {
			System.out.println();
			System.out.println("The demo failed: " + ex + ". The logs are in " + LOG_FILE + ".");
		}
		finally {
			// PostgreSQL runs in a process that pg_ctl detached from this JVM: it outlives the JVM unless
			// stopped, here or by the shutdown hooks on SIGINT or SIGTERM (Runtime.halt would skip those)
			stopServers();
		}
		System.exit(exitCode);
	}

	private static void stopServers() {
		try {
			TestInfrastructure.shutdown();
		}
		catch (RuntimeException ex) {
			System.out.println("Could not stop the broker or PostgreSQL: " + ex);
		}
	}

	/**
	 * Prints the whole demo on standard output, logbatch's commands included, on the servers the
	 * supplier starts.
	 * @throws DemoStopped if a command ends with another exit code than the demo expects
	 */
	static void walkThrough(Supplier<Servers> servers) {
		logToFile();
		System.out.println("logbatch demo: sample logs, a run that dead-letters some of them, the fix, and the run "
				+ "that stores them.");
		System.out.println("Starting an embedded Kafka broker and an embedded PostgreSQL; their logs and logbatch's go "
				+ "to " + LOG_FILE + ".");
		new Demo(servers.get()).steps();
	}

	private void steps() {
		step("1. Load the samples: %,d JSON logs into topic '%s' (%d partitions; flat, nested ECS/OpenTelemetry and"
				.formatted(DemoSamples.JSON_LOGS, DemoSamples.LOGS, DemoSamples.LOGS_PARTITIONS),
				"   epoch-millisecond forms, 30 events sent twice, one of each kind of bad record, and %d logs of a"
					.formatted(DemoSamples.LEGACY_LOGS),
				"   producer that sets no event id), and %d lines of nginx's logs into topic '%s' (format clf)."
					.formatted(DemoSamples.NGINX_LINES.size(), DemoSamples.NGINX));
		Kafka.createTopicWithDeadLetterTopic(DemoSamples.LOGS, DemoSamples.LOGS_PARTITIONS);
		Kafka.createTopicWithDeadLetterTopic(DemoSamples.NGINX, 1);
		int logs = DemoSamples.load();
		System.out.printf("Loaded %d records into '%s' and %d into '%s'.%n", logs, DemoSamples.LOGS,
				DemoSamples.NGINX_LINES.size(), DemoSamples.NGINX);
		System.out.println();
		System.out.println("Every command below is 'java -jar target/logbatch.jar COMMAND' with the broker's and the "
				+ "database's addresses and");
		System.out.println("  " + String.join(" ", SETTINGS));

		step("2. Run, rejecting records without an event id (logbatch.event-id.fallback=reject): they go to the",
				"   dead-letter topics, with the bad records.");
		command("run " + REJECT);

		step("3. What the run did in each partition, as 'status' shows it on any machine.");
		command("status --partitions");

		step("4. Why each record was dead-lettered, with its original topic, partition and offset.");
		command("dlt inspect");

		step("5. Fix the cause: nginx's access log and the legacy producer carry no event ids. From now on the",
				"   commands run with the default logbatch.event-id.fallback=content-hash: such an event's id is the",
				"   SHA-256 of its record.");

		step("6. Move the records that failed for a missing id back to their topics; first see what would move.");
		command("dlt redrive --exception missing-event-id --dry-run");
		command("dlt redrive --exception missing-event-id");

		step("7. Run again: the redriven records are read and stored; the bad records stay in the dead-letter topics.");
		command("run");

		step("8. Check everything a run needs, as before pointing logbatch at a Kafka and a PostgreSQL of your own.");
		command("check");

		System.out.println();
		System.out.println("Done. The broker and PostgreSQL stop now; their logs are in " + LOG_FILE + ".");
	}

	/**
	 * Sends every log line to the file from now on, as each command's Spring Boot does with
	 * {@code logging.config}: before the broker and PostgreSQL start, and for what they log between the
	 * commands.
	 */
	private static void logToFile() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
		context.putProperty("LOG_FILE", LOG_FILE);
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		try {
			configurator.doConfigure(Demo.class.getResource("/demo-logback.xml"));
		}
		catch (JoranException ex) {
			throw new IllegalStateException("Could not configure logging to " + LOG_FILE, ex);
		}
	}

	private static void step(String... lines) {
		System.out.println();
		for (String line : lines) {
			System.out.println(line);
		}
	}

	/** Runs {@code logbatch COMMAND} as the user types it, with the demo's settings; stops the demo if it fails. */
	private void command(String commandLine) {
		System.out.println("$ logbatch " + commandLine);
		List<String> args = new ArrayList<>(List.of(commandLine.split(" ")));
		args.addAll(SETTINGS);
		args.add("--spring.kafka.bootstrap-servers=" + this.servers.bootstrapServers());
		args.add("--spring.datasource.url=" + this.servers.jdbcUrl());
		args.add("--logging.config=" + LOGGING_CONFIG);
		args.add("--logging.file.name=" + LOG_FILE);
		int exitCode = new Cli(System.err).execute(args.toArray(String[]::new));
		System.out.println("exit code " + exitCode);
		if (exitCode != 0) {
			throw new DemoStopped("'logbatch " + commandLine + "' exited " + exitCode);
		}
	}

	/**
	 * The embedded broker and PostgreSQL of this JVM, with a database of the demo's own. What the broker
	 * prints while it formats its storage goes to the log file.
	 */
	private static Servers startServers() {
		PrintStream console = System.out;
		String bootstrapServers;
		try (PrintStream log = new PrintStream(new FileOutputStream(LOG_FILE, true), true, StandardCharsets.UTF_8)) {
			System.setOut(log);
			bootstrapServers = TestInfrastructure.bootstrapServers();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			System.setOut(console);
		}
		return new Servers(bootstrapServers, createDatabase(TestInfrastructure.jdbcUrl()));
	}

	/** A new database {@code logbatch} on the server of this URL; its URL. */
	static String createDatabase(String serverUrl) {
		JdbcTemplate server = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), serverUrl));
		server.execute("DROP DATABASE IF EXISTS logbatch WITH (FORCE)");
		server.execute("CREATE DATABASE logbatch");
		return serverUrl.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1logbatch");
	}

	/** Where the demo's broker and database are. */
	record Servers(String bootstrapServers, String jdbcUrl) {
	}

	/** A command ended with another exit code than the demo expects. */
	static final class DemoStopped extends RuntimeException {

		DemoStopped(String message) {
			super(message);
		}

	}

}
