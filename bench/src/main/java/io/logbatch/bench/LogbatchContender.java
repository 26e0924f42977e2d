package io.logbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logbatch.bench.MeasuredProcess.Measurement;
import org.jspecify.annotations.Nullable;

/**
 * logbatch as cron runs it: {@code java -jar logbatch.jar run} in a JVM of its own, from a working
 * directory that holds the project's shipped {@code config/application.yml} (as the README tells
 * users to install it), with the servers, topic, a fresh group and the chunk size on the command
 * line. With worker processes, as README's "Several machines" section runs it: the workers first,
 * then {@code run --workers=remote}. A distribution ({@code logbatch-<version>.tar.gz}) given
 * instead of a jar is unpacked once per invocation and run through its {@code bin/logbatch}, as
 * its users run it, after one untimed run over the same topic (a group of its own, rows emptied
 * after) that writes the class-data archive the launcher starts every later run from.
 */
final class LogbatchContender {

	/** The distributions unpacked in this invocation, by tarball, and whether their archive is written. */
	private static final Map<Path, Distribution> DISTRIBUTIONS = new ConcurrentHashMap<>();

	// a partition line of the run summary: "  bench-logs-0 COMPLETED 250000 read, ..., worker bench-worker-1"
	private static final Pattern PARTITION_WORKER = Pattern.compile("^\\s+\\S+-\\d+ \\w+ .*, worker (\\S+)$",
			Pattern.MULTILINE);

	// the run summary's count of filtered events: "Run 1 COMPLETED: 1000000 read, ..., 0 filtered, ..."
	private static final Pattern SUMMARY_FILTERED = Pattern.compile("^Run \\d+ \\w+: .*?(\\d+) filtered",
			Pattern.MULTILINE);

	private final JobSetup setup;

	private final Path jar;

	private final @Nullable Distribution distribution;

	private final Path shippedConfig;

	private final List<String> extraArguments;

	private final String name;

	/**
	 * @param extraArguments more {@code --key=value} arguments for {@code run} (and for the
	 * workers), for experiments
	 * @param name names its groups and working directories, apart from another jar's over the
	 * same topic
	 */
	LogbatchContender(JobSetup setup, Path jar, Path shippedConfig, List<String> extraArguments, String name) {
		this.setup = setup;
		this.jar = jar.toAbsolutePath();
		this.distribution = isDistribution(jar) ? DISTRIBUTIONS.computeIfAbsent(this.jar,
				(tarball) -> Distribution.unpack(tarball, setup.outputDirectory())) : null;
		this.shippedConfig = shippedConfig.toAbsolutePath();
		this.extraArguments = List.copyOf(extraArguments);
		this.name = name;
	}

	/** Runs logbatch over the topic with a group of its own and checks rows and dead letters. */
	Figures run(String contender, String topic, CorpusStats corpus, BenchDatabase database, BenchTopics topics)
			throws IOException, SQLException {
		train(topic);
		long deadLettersBefore = topics.count(topic + "-dlt");
		JobOutcome outcome = runOnce(topic, database);
		return outcome.figures(contender, corpus, verdict(outcome, topic, corpus, topics, deadLettersBefore));
	}

	/**
	 * Runs logbatch over the topic with a group of its own onto {@code log_event} as it stands, not emptied,
	 * and checks the rows from the corpus's start on and the dead letters.
	 */
	Figures runOnto(String contender, String topic, CorpusStats corpus, BenchDatabase database, BenchTopics topics)
			throws IOException, SQLException {
		long deadLettersBefore = topics.count(topic + "-dlt");
		Path directory = workingDirectory(this.name + "-" + topic);
		JobOutcome outcome = JobOutcome.runOnto(command(group(topic), topic, "run"), directory,
				directory.resolve("output.log"), database, this.setup.otherLoad(), Corpus.START);
		return outcome.figures(contender, corpus, verdict(outcome, topic, corpus, topics, deadLettersBefore));
	}

	/**
	 * Runs logbatch over the topic with the group of {@link #run} over it, which earlier runs have moved on,
	 * onto {@code log_event} as it stands: as a scheduler starts it, to read what arrived since the last
	 * run. Checks the rows and dead letters it added against {@code arrived}.
	 * @param runName tells its working directory from the earlier runs'
	 */
	Figures runAgain(String contender, String runName, String topic, CorpusStats arrived, BenchDatabase database,
			BenchTopics topics) throws IOException, SQLException {
		long deadLettersBefore = topics.count(topic + "-dlt");
		Path directory = workingDirectory(this.name + "-" + topic + "-" + runName);
		JobOutcome outcome = JobOutcome.runAdding(command(group(topic), topic, "run"), directory,
				directory.resolve("output.log"), database, this.setup.otherLoad());
		return outcome.figures(contender, arrived, verdict(outcome, topic, arrived, topics, deadLettersBefore));
	}

	/**
	 * Runs {@code logbatch prune} with {@code logbatch.store.retention} at {@code retention} and returns
	 * what it printed; fails unless it exits 0.
	 */
	String prune(String retention) throws IOException {
		Path directory = workingDirectory(this.name + "-prune-" + retention);
		Measurement process = MeasuredProcess.run(
				command("bench-" + this.name + "-prune", "bench-prune", "prune",
						"--logbatch.store.retention=" + retention),
				directory, directory.resolve("output.log"), Duration.ofMinutes(5));
		if (process.exitCode() != 0) {
			throw new IllegalStateException("prune exited with " + process.exitCode() + ": " + process.output());
		}
		return process.outputText();
	}

	/**
	 * Runs logbatch, whose arguments hold processing rules, over the topic with a group of its own, and
	 * checks rows, dead letters and the events its summary counts as filtered.
	 */
	Figures runFiltering(String contender, String topic, CorpusStats corpus, long filtered, BenchDatabase database,
			BenchTopics topics) throws IOException, SQLException {
		train(topic);
		long deadLettersBefore = topics.count(topic + "-dlt");
		JobOutcome outcome = runOnce(topic, database);
		Verdict verdict = verdict(outcome, topic, corpus, topics, deadLettersBefore);
		Matcher summary = SUMMARY_FILTERED.matcher(outcome.process().outputText());
		verdict.expect("filtered", summary.find() ? Long.parseLong(summary.group(1)) : -1, filtered);
		return outcome.figures(contender, corpus, verdict);
	}

	private JobOutcome runOnce(String topic, BenchDatabase database) throws IOException, SQLException {
		train(topic);
		Path directory = workingDirectory(this.name + "-" + topic);
		return JobOutcome.run(command(group(topic), topic, "run"), directory,
				directory.resolve("output.log"), database, this.setup.otherLoad());
	}

	/**
	 * Runs logbatch over the topic with a group of its own, its partitions processed by
	 * {@code workers} worker processes that serve the group before the run starts and stop after
	 * it. The CPU time counts the workers' during the run, and the peak RSS is the sum of every
	 * process's peak.
	 */
	Figures runWithWorkers(String contender, int workers, String topic, CorpusStats corpus, BenchDatabase database,
			BenchTopics topics) throws IOException, SQLException {
		String group = "bench-" + topic + "-remote" + workers;
		Path directory = workingDirectory("logbatch-" + topic + "-remote" + workers);
		try (WorkerProcesses fleet = WorkerProcesses.start(workers,
				(index) -> command(group, topic, "worker", "--logbatch.worker-name=bench-worker-" + index,
						"--server.port=0"),
				directory, topics, group + "-workers")) {
			long deadLettersBefore = topics.count(topic + "-dlt");
			double workersCpuBefore = fleet.cpuSeconds();
			JobOutcome outcome = JobOutcome.run(command(group, topic, "run", "--workers=remote"), directory,
					directory.resolve("output.log"), database, this.setup.otherLoad())
				.plusWorkers(fleet.cpuSeconds() - workersCpuBefore, fleet.peakRssBytes());
			Verdict verdict = verdict(outcome, topic, corpus, topics, deadLettersBefore)
				.note("partitions per worker: " + partitionsPerWorker(outcome));
			return outcome.figures(contender, corpus, verdict);
		}
	}

	// the group of this contender's runs over the topic
	private String group(String topic) {
		return "bench-" + this.name + "-" + topic;
	}

	private Path workingDirectory(String name) throws IOException {
		Path directory = Files.createDirectories(this.setup.outputDirectory().resolve(name));
		Files.createDirectories(directory.resolve("config"));
		Files.copy(this.shippedConfig, directory.resolve("config/application.yml"));
		return directory;
	}

	/** The untimed run that writes a distribution's archive, the first time it runs in this invocation. */
	private void train(String topic) throws IOException {
		if (this.distribution == null || this.distribution.trained) {
			return;
		}
		Path directory = workingDirectory(this.name + "-" + topic + "-training");
		Measurement process = MeasuredProcess.run(command(group(topic) + "-training", topic, "run"), directory,
				directory.resolve("output.log"), Duration.ofMinutes(20));
		if (process.exitCode() != 0) {
			throw new IllegalStateException("The training run of " + this.jar + " exited with " + process.exitCode()
					+ ": " + process.output());
		}
		this.distribution.trained = true;
	}

	static boolean isDistribution(Path jar) {
		return jar.getFileName().toString().endsWith(".tar.gz");
	}

	/** The jar that holds logbatch's classes and migrations: the jar itself, or a distribution's {@code lib/logbatch.jar}. */
	static Path classesJar(Path jar, Path outputDirectory) {
		if (!isDistribution(jar)) {
			return jar;
		}
		return DISTRIBUTIONS.computeIfAbsent(jar.toAbsolutePath(),
				(tarball) -> Distribution.unpack(tarball, outputDirectory)).home.resolve("lib").resolve("logbatch.jar");
	}

	private List<String> command(String group, String topic, String... commandAndOptions) {
		List<String> command;
		if (this.distribution != null) {
			command = this.setup.launcher(this.distribution.home);
		}
		else {
			command = this.setup.java();
			command.addAll(List.of("-jar", this.jar.toString()));
		}
		command.addAll(List.of(commandAndOptions));
		command.addAll(List.of("--spring.datasource.url=" + this.setup.jdbcUrl(),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.kafka.bootstrap-servers=" + this.setup.bootstrapServers(), "--logbatch.topics=" + topic,
				"--logbatch.group-id=" + group, "--logbatch.chunk-size=" + this.setup.chunkSize()));
		command.addAll(this.extraArguments);
		return command;
	}

	private static Verdict verdict(JobOutcome outcome, String topic, CorpusStats corpus, BenchTopics topics,
			long deadLettersBefore) {
		Verdict verdict = outcome.verdict(corpus)
			.expect("dead letters", topics.count(topic + "-dlt") - deadLettersBefore, corpus.malformed());
		summaryLine(outcome).ifPresent(verdict::note);
		if (!verdict.ok()) {
			verdict.note("output in " + outcome.process().output());
		}
		return verdict;
	}

	// logbatch's own summary: "Run 1 COMPLETED: 1000000 read, ... (N records/s), lag 0"
	private static Optional<String> summaryLine(JobOutcome outcome) {
		return outcome.process()
			.outputText()
			.lines()
			.filter((line) -> line.startsWith("Run "))
			.reduce((first, second) -> second)
			.map((line) -> "its summary: \"" + line.trim() + "\"");
	}

	private static Map<String, Integer> partitionsPerWorker(JobOutcome outcome) {
		Map<String, Integer> partitions = new TreeMap<>();
		Matcher line = PARTITION_WORKER.matcher(outcome.process().outputText());
		while (line.find()) {
			partitions.merge(line.group(1), 1, Integer::sum);
		}
		return partitions;
	}

	/** A distribution unpacked into the output folder. */
	private static final class Distribution {

		private final Path home;

		private volatile boolean trained;

		private Distribution(Path home) {
			this.home = home;
		}

		static Distribution unpack(Path tarball, Path outputDirectory) {
			String name = tarball.getFileName().toString().replace(".tar.gz", "");
			Path directory = outputDirectory.resolve("dist-" + name + "-" + Integer.toHexString(tarball.hashCode()));
			try {
				Files.createDirectories(directory);
				Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", directory.toString(),
						"--strip-components=1")
					.inheritIO()
					.start();
				if (tar.waitFor() != 0) {
					throw new IllegalStateException("Could not unpack " + tarball);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return new Distribution(directory);
		}

	}

}
