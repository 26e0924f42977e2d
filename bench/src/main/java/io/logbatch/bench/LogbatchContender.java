package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * logbatch as cron runs it: {@code java -jar logbatch.jar run} in a JVM of its own, from a working
 * directory that holds the project's shipped {@code config/application.yml} (as the README tells
 * users to install it), with the servers, topic, a fresh group and the chunk size on the command
 * line.
 */
final class LogbatchContender {

	private final JobSetup setup;

	private final Path jar;

	private final Path shippedConfig;

	private final List<String> extraArguments;

	/**
	 * @param extraArguments more {@code --key=value} arguments for {@code run}, for experiments
	 */
	LogbatchContender(JobSetup setup, Path jar, Path shippedConfig, List<String> extraArguments) {
		this.setup = setup;
		this.jar = jar.toAbsolutePath();
		this.shippedConfig = shippedConfig.toAbsolutePath();
		this.extraArguments = List.copyOf(extraArguments);
	}

	/** Runs logbatch over the topic with a group of its own and checks rows and dead letters. */
	Figures run(String contender, String topic, CorpusStats corpus, BenchDatabase database, BenchTopics topics)
			throws IOException, SQLException {
		Path directory = Files.createDirectories(this.setup.outputDirectory().resolve("logbatch-" + topic));
		Files.createDirectories(directory.resolve("config"));
		Files.copy(this.shippedConfig, directory.resolve("config/application.yml"));
		List<String> command = this.setup.java();
		command.addAll(List.of("-jar", this.jar.toString(), "run",
				"--spring.datasource.url=" + this.setup.jdbcUrl(), "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--spring.kafka.bootstrap-servers=" + this.setup.bootstrapServers(), "--logbatch.topics=" + topic,
				"--logbatch.group-id=bench-" + topic, "--logbatch.chunk-size=" + this.setup.chunkSize()));
		command.addAll(this.extraArguments);
		JobOutcome outcome = JobOutcome.run(command, directory, directory.resolve("output.log"), database,
				this.setup.otherLoad());
		Verdict verdict = outcome.verdict(corpus)
			.expect("dead letters", topics.count(topic + "-dlt"), corpus.malformed());
		summaryLine(outcome).ifPresent(verdict::note);
		if (!verdict.ok()) {
			verdict.note("output in " + outcome.process().output());
		}
		return outcome.figures(contender, corpus, verdict);
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

}
