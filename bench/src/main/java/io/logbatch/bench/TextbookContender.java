package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.logbatch.bench.textbook.TextbookJobApplication;

/**
 * The textbook Spring Batch job ({@link TextbookJobApplication}) in a JVM of its own with the same
 * options as logbatch's, on this JVM's class path. Its datasource URL sets pgjdbc's
 * {@code reWriteBatchedInserts}, the one setting that such a job is commonly given.
 */
final class TextbookContender {

	/** How long the reader's last, empty poll waits before the job ends. */
	static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);

	private final JobSetup setup;

	TextbookContender(JobSetup setup) {
		this.setup = setup;
	}

	Figures run(String contender, String topic, int partitions, CorpusStats corpus, BenchDatabase database)
			throws IOException, SQLException {
		Path directory = Files.createDirectories(this.setup.outputDirectory().resolve("textbook-" + topic));
		List<String> command = this.setup.java();
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), TextbookJobApplication.class.getName(),
				"--spring.datasource.url=" + this.setup.jdbcUrl() + "&reWriteBatchedInserts=true",
				"--spring.kafka.bootstrap-servers=" + this.setup.bootstrapServers(),
				"--spring.kafka.consumer.group-id=textbook-" + topic, "--textbook.topic=" + topic,
				"--textbook.partitions=" + partitions, "--textbook.chunk-size=" + this.setup.chunkSize(),
				"--textbook.poll-timeout=" + POLL_TIMEOUT.toMillis() + "ms"));
		JobOutcome outcome = JobOutcome.run(command, directory, directory.resolve("output.log"), database,
				this.setup.otherLoad());
		Verdict verdict = outcome.verdict(corpus)
			.expect("skipped", database.processSkips(outcome.jobRun().id()), corpus.malformed());
		if (!verdict.ok()) {
			verdict.note("output in " + outcome.process().output());
		}
		return outcome.figures(contender, corpus, verdict);
	}

}
