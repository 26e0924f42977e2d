package io.logbatch.support;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * The class-data archive the fault tests start the extracted jar from, as the distribution's
 * {@code bin/logbatch} does: a child JVM maps the classes it needs from one file instead of loading
 * them one by one, which halves its start on these machines, and the fault tests start dozens.
 * The first start in a test JVM that finds no archive for this jar in {@code target/test-cds/}
 * writes one with a training {@code schedule} of its own, in a database and on a topic that no test
 * reads; should the training fail, the children start without an archive, only slower. The JVM
 * itself refuses an archive whose jars changed. Thread-safe.
 */
final class ClassDataArchive {

	private static final Duration TRAINING = Duration.ofSeconds(120);

	private static final String TRAINING_DATABASE = "logbatch_cds_training";

	/** The JVM would tell on standard output when it cannot map the archive; commands' output is asserted. */
	private static final String QUIET = "-Xlog:cds*=off";

	private static boolean prepared;

	private static @Nullable Path archive;

	private ClassDataArchive() {
	}

	/**
	 * The options that start {@code jar} from its archive, writing the archive first if need be.
	 * @param java the JVM and the options the children run with, which the training run shares
	 */
	static synchronized List<String> options(Path jar, List<String> java) {
		if (!prepared) {
			prepared = true;
			archive = prepare(jar, java);
		}
		return (archive != null) ? List.of("-XX:SharedArchiveFile=" + archive, QUIET) : List.of(QUIET);
	}

	private static @Nullable Path prepare(Path jar, List<String> java) {
		try {
			// one archive per content of the jar, whose manifest names its libraries and their versions
			CRC32 content = new CRC32();
			content.update(Files.readAllBytes(jar));
			Path archive = jar.toAbsolutePath()
				.getParent()
				.resolveSibling("test-cds")
				.resolve("logbatch-" + Long.toHexString(content.getValue()) + ".jsa");
			if (!Files.isRegularFile(archive)) {
				Files.createDirectories(archive.getParent());
				train(jar, java, archive);
			}
			return archive;
		}
		catch (Exception | AssertionError ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			System.out.println("Child JVMs start without a class-data archive: " + ex);
			return null;
		}
	}

	/**
	 * A scheduled run of the scenario's records, SIGTERM once it completed: the archive then holds
	 * the classes of a run and of the web server that {@code schedule} and {@code worker} start;
	 * the JVM writes it as it exits.
	 */
	private static void train(Path jar, List<String> java, Path archive) throws Exception {
		long started = System.nanoTime();
		// archives of earlier builds can serve no more
		try (DirectoryStream<Path> stale = Files.newDirectoryStream(archive.getParent(), "*.jsa")) {
			for (Path file : stale) {
				Files.delete(file);
			}
		}
		Path written = Files.createTempFile(archive.getParent(), "training-", ".jsa");
		Files.delete(written);
		String url = Database.createDatabase(TRAINING_DATABASE);
		String topic = Kafka.uniqueTopic("cds-training");
		try {
			// bad records too, so that publishing dead letters is in the archive
			new GuaranteeScenario(topic);
			List<String> command = new ArrayList<>(java);
			command.addAll(List.of("-XX:ArchiveClassesAtExit=" + written, QUIET, "-jar", jar.toString(), "schedule",
					"--logbatch.schedule.cron=* * * * * *"));
			command.addAll(Logbatch.forTopics(topic).with("spring.datasource.url", url).arguments());
			try (LogbatchProcess training = LogbatchProcess.launch(command)) {
				training.awaitOutput("COMPLETED", TRAINING);
				training.signal("TERM");
				int exitCode = training.awaitExit(TRAINING);
				if (exitCode != 0 || !Files.isRegularFile(written)) {
					throw new IllegalStateException("the training run exited " + exitCode + " without an archive:\n"
							+ training.output());
				}
			}
			Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
			System.out.println("Wrote the class-data archive " + archive + " in "
					+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		}
		finally {
			Files.deleteIfExists(written);
			Database.dropDatabase(TRAINING_DATABASE);
		}
	}

}
