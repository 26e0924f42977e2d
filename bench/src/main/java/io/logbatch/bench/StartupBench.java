package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.logbatch.bench.MeasuredProcess.Measurement;

/**
 * The fixed cost of a small run, {@code bench/startup}: a topic of many partitions whose group is caught up,
 * a few new records, and one {@code run} of logbatch measured from the outside (wall time with the JVM's
 * start, CPU time, peak RSS), for each way of launching it that is given, round after round, in alternating
 * order.
 * <p>
 * A launch is {@code NAME=COMMAND}, a command as {@code sh} reads it ({@code LOGBATCH_JAVA_OPTS='-Xmx1g'
 * dist/bin/logbatch}): {@code run} and the servers' settings are appended to it, and it runs in a working
 * directory of its own holding the shipped {@code config/application.yml}. Its first run counts apart (a launcher that prepares something on first use
 * pays then); the table's medians are of the later rounds.
 */
public final class StartupBench {

	private static final String TOPIC = "startup-logs";

	private final Map<String, Launch> launches;

	private final int rounds;

	private final int records;

	private final int partitions;

	private final int backlog;

	private final Path output;

	private final Path shippedConfig;

	private OtherLoad otherLoad;

	/** The CPU that processes not the benchmark's took during the last run, in percent of the machine. */
	private double othersCpuPercent;

	private StartupBench(Map<String, Launch> launches, int rounds, int records, int partitions, int backlog,
			Path output, Path shippedConfig) {
		this.launches = launches;
		this.rounds = rounds;
		this.records = records;
		this.partitions = partitions;
		this.backlog = backlog;
		this.output = output;
		this.shippedConfig = shippedConfig;
	}

	/** Takes its arguments, or {@code @FILE} holding them one per line (as bench/startup hands them over). */
	public static void main(String[] arguments) throws Exception {
		String[] args = (arguments.length == 1 && arguments[0].startsWith("@"))
				? Files.readAllLines(Path.of(arguments[0].substring(1))).toArray(String[]::new) : arguments;
		Map<String, Launch> launches = new LinkedHashMap<>();
		Map<String, String> options = new HashMap<>(Map.of("--rounds", "5", "--records", "1000", "--partitions", "48",
				"--backlog", "48000"));
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--launch")) {
				Launch launch = Launch.parse(args[++i]);
				launches.put(launch.name(), launch);
			}
			else if (options.containsKey(args[i])) {
				options.put(args[i], args[++i]);
			}
			else {
				System.err.println("usage: bench/startup [--rounds N] [--records N] [--partitions N] [--backlog N] "
						+ "--launch 'NAME=SHELL COMMAND' ...");
				return;
			}
		}
		if (launches.isEmpty()) {
			Launch plain = new Launch("java -jar", Path.of(System.getProperty("java.home"), "bin", "java")
					+ " -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -jar " + Path.of("target/logbatch.jar").toAbsolutePath());
			launches.put(plain.name(), plain);
		}
		Path output = Files.createDirectories(Path.of("target/startup",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		new StartupBench(launches, Integer.parseInt(options.get("--rounds")), Integer.parseInt(options.get("--records")),
				Integer.parseInt(options.get("--partitions")), Integer.parseInt(options.get("--backlog")),
				output.toAbsolutePath(), Path.of("config/application.yml").toAbsolutePath())
			.measure();
	}

	private void measure() throws IOException, SQLException {
		try (BenchServers servers = BenchServers.start()) {
			this.otherLoad = new OtherLoad(new BenchDatabase(servers.jdbcUrl()).postmasterPid(), servers.brokerPid());
			BenchTopics topics = new BenchTopics(servers.bootstrapServers());
			topics.create(TOPIC, this.partitions);
			long seed = 1;
			topics.load(TOPIC, corpus(this.backlog, seed++));
			Launch first = this.launches.values().iterator().next();
			Measurement catchUp = run(first, "catch-up", servers);
			System.out.printf("caught up %,d records over %d partitions with %s: %s%n", this.backlog, this.partitions,
					first.name(), describe(catchUp));
			Map<String, List<Measurement>> byLaunch = new LinkedHashMap<>();
			List<Launch> order = new ArrayList<>(this.launches.values());
			for (int round = 0; round <= this.rounds; round++) {
				for (Launch launch : order) {
					topics.load(TOPIC, corpus(this.records, seed++));
					Measurement measured = run(launch, "round-" + round, servers);
					System.out.printf("round %d  %-28s %s%n", round, launch.name(), describe(measured));
					if (round > 0) {
						byLaunch.computeIfAbsent(launch.name(), (name) -> new ArrayList<>()).add(measured);
					}
				}
				Collections.reverse(order);
			}
			System.out.printf("%nmedians of %d rounds, %,d new records over %d partitions:%n", this.rounds,
					this.records, this.partitions);
			System.out.printf("%-28s %8s %8s %8s %8s %8s%n", "launch", "wall s", "min", "max", "CPU s", "RSS MiB");
			byLaunch.forEach((name, runs) -> System.out.printf(Locale.ROOT, "%-28s %8.2f %8.2f %8.2f %8.2f %8d%n", name,
					median(runs.stream().mapToDouble((run) -> run.wall().toMillis() / 1000.0).toArray()),
					runs.stream().mapToDouble((run) -> run.wall().toMillis() / 1000.0).min().orElse(0),
					runs.stream().mapToDouble((run) -> run.wall().toMillis() / 1000.0).max().orElse(0),
					median(runs.stream().mapToDouble(Measurement::cpuSeconds).toArray()),
					(long) median(runs.stream().mapToDouble((run) -> run.peakRssBytes() / 1048576.0).toArray())));
			System.out.println("each run's output: " + this.output);
		}
	}

	private Measurement run(Launch launch, String label, BenchServers servers) throws IOException {
		Path directory = Files.createDirectories(this.output.resolve(launch.directoryName()));
		Files.createDirectories(directory.resolve("config"));
		Files.copy(this.shippedConfig, directory.resolve("config/application.yml"),
				StandardCopyOption.REPLACE_EXISTING);
		List<String> command = launch.command(List.of("run", "--spring.datasource.url=" + servers.jdbcUrl(),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.kafka.bootstrap-servers=" + servers.bootstrapServers(), "--logbatch.topics=" + TOPIC,
				"--logbatch.group-id=startup"));
		Map<Long, Long> othersBefore = this.otherLoad.snapshot();
		Measurement measured = MeasuredProcess.run(command, directory,
				directory.resolve(label + ".log"), Duration.ofMinutes(5));
		this.othersCpuPercent = 100 * OtherLoad.cpuSeconds(othersBefore, this.otherLoad.snapshot())
				/ (measured.wall().toMillis() / 1000.0) / Runtime.getRuntime().availableProcessors();
		if (measured.exitCode() != 0) {
			throw new IllegalStateException(launch.name() + " exited with " + measured.exitCode() + ": "
					+ measured.output());
		}
		return measured;
	}

	private String describe(Measurement measured) {
		Optional<String> summary = measured.outputText()
			.lines()
			.filter((line) -> line.startsWith("Run "))
			.findFirst();
		return String.format(Locale.ROOT, "wall %.2f s, CPU %.2f s, RSS %d MiB, others' CPU %.0f%%; %s",
				measured.wall().toMillis() / 1000.0, measured.cpuSeconds(), measured.peakRssBytes() / 1048576,
				this.othersCpuPercent, summary.orElse("(no summary)"));
	}

	private CorpusSource corpus(int count, long seed) {
		return new Corpus(new CorpusShape(count, this.partitions, 0, 0, seed));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n == 0) ? 0 : (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * One way of starting logbatch.
	 *
	 * @param name its name in the table
	 * @param shellCommand the command up to logbatch's own arguments, as {@code sh} reads it
	 */
	record Launch(String name, String shellCommand) {

		static Launch parse(String text) {
			int equals = text.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("a launch is NAME=SHELL COMMAND: " + text);
			}
			return new Launch(text.substring(0, equals), text.substring(equals + 1));
		}

		/** {@code sh} replacing itself with the command, which gets the arguments. */
		List<String> command(List<String> arguments) {
			List<String> command = new ArrayList<>(List.of("sh", "-c", "exec env " + this.shellCommand + " \"$@\"", "sh"));
			command.addAll(arguments);
			return command;
		}

		String directoryName() {
			return this.name.replaceAll("[^A-Za-z0-9.-]+", "_");
		}

	}

}
