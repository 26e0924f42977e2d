package io.logbatch.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench/run}: starts a Kafka broker and a PostgreSQL, loads a generated corpus, and measures
 * logbatch, the textbook Spring Batch job and a COPY-only load of the same rows on it, one after
 * the other on an emptied {@code log_event}; optionally more runs (other jars, formats, a large
 * corpus, the malformed cost, small runs as a scheduler starts them); then prints the figures, their
 * ratios, issue 16's targets, the command and the machine.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Measures logbatch against the textbook Spring Batch job and a COPY-only load of the same rows.")
public final class Bench implements Callable<Integer> {

	private static final String TOPIC = "bench-logs";

	private static final String LARGE_TOPIC = "bench-logs-large";

	private static final int COMMIT_PROBES = 200;

	@Option(names = "--records", description = "Kafka records in the corpus (default: ${DEFAULT-VALUE})")
	int records = 1_000_000;

	@Option(names = "--partitions", description = "partitions of the topic (default: ${DEFAULT-VALUE})")
	int partitions = 4;

	@Option(names = "--duplicates", description = "share of records repeating an earlier event (default: ${DEFAULT-VALUE})")
	double duplicates = 0.01;

	@Option(names = "--malformed", description = "share of records that are not JSON (default: ${DEFAULT-VALUE})")
	double malformed = 0.001;

	@Option(names = "--seed", description = "the corpus's random seed (default: ${DEFAULT-VALUE})")
	long seed = 42;

	@Option(names = "--chunk-size", description = "records per chunk, for every contender (default: ${DEFAULT-VALUE})")
	int chunkSize = 1000;

	@Option(names = "--job-java-home", description = "the Java of the logbatch and textbook JVMs (default: the "
			+ "harness's own, ${DEFAULT-VALUE})")
	Path jobJavaHome = Path.of(System.getProperty("java.home"));

	@Option(names = "--job-jvm-opts", description = "options of the logbatch and textbook JVMs (default: bin/logbatch's "
			+ "own on a kernel with transparent huge pages, ${DEFAULT-VALUE})")
	String jobJvmOptions = "-Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages";

	@Option(names = "--job-args", description = "more --key=value arguments for logbatch's run, space-separated")
	String jobArguments = "";

	@Option(names = "--large-records", description = "also runs logbatch and the COPY-only load with 2 connections "
			+ "on a corpus of this many records of the same shape, in a topic of its own, after the other "
			+ "contenders; 0: not (default: ${DEFAULT-VALUE})")
	int largeRecords = 0;

	@Option(names = "--small-run", description = "also runs logbatch as a scheduler starts it: on a topic of 48 "
			+ "partitions whose group has caught up on a backlog, 3 times 1,000 new records, each run timed from "
			+ "its JVM's start to its exit")
	boolean smallRun;

	@Option(names = "--malformed-cost",
			description = "also runs logbatch on a clean and on a 1%%-malformed corpus of the same size, in "
					+ "--malformed-rounds pairs")
	boolean malformedCost;

	@Option(names = "--malformed-rounds", description = "pairs of runs on the clean and the 1%%-malformed corpus "
			+ "for --malformed-cost, every other pair in reverse order, the target's change their mean "
			+ "(default: ${DEFAULT-VALUE})")
	int malformedRounds = 3;

	@Option(names = "--remote-workers", split = ",", paramLabel = "N[,N...]",
			description = "also runs logbatch with remote partitioning (run --workers=remote), once with each "
					+ "number of worker processes, all on this machine: --remote-workers=1,2")
	List<Integer> remoteWorkers = new ArrayList<>();

	@Option(names = "--formats", split = ",", paramLabel = "F[,F...]",
			description = "also renders the corpus's events in each of these input formats into a topic of its own and "
					+ "runs logbatch on each with --logbatch.input.format=F, json always among them: "
					+ "json,logfmt,syslog,clf,pattern,otlp-json,otlp-proto")
	List<String> formats = new ArrayList<>();

	@Option(names = "--rules", description = "also runs logbatch on the JSON corpus with a typical set of processing "
			+ "rules (drop, redact, add-fields), as one more entry of --formats")
	boolean rules;

	@Option(names = "--otlp-batch", description = "log records per OTLP request in the otlp corpora "
			+ "(default: ${DEFAULT-VALUE})")
	int otlpBatch = 10;

	@Option(names = "--format-rounds", description = "passes over --formats, every other one in reverse order "
			+ "(default: ${DEFAULT-VALUE})")
	int formatRounds = 1;

	@Option(names = "--skip-textbook", description = "does not run the textbook job")
	boolean skipTextbook;

	@Option(names = "--skip-copy", description = "does not run the COPY-only load")
	boolean skipCopy;

	@Option(names = "--jar", description = "the logbatch jar (default: ${DEFAULT-VALUE}), or a distribution "
			+ "(logbatch-<version>.tar.gz, built by ./mvnw package), run through its bin/logbatch after one untimed "
			+ "run that writes its class-data archive; --baseline-jar and --variant take either too")
	Path jar = Path.of("target/logbatch.jar");

	@Option(names = "--baseline-jar", description = "also runs logbatch from this jar, such as a build of an "
			+ "earlier commit, on the same corpus just before the run of --jar, and reports the change between them")
	Path baselineJar;

	@Option(names = "--variant", paramLabel = "LABEL=JAR", description = "also runs logbatch from JAR on the "
			+ "corpus, in a database of its own that JAR's migrations created, just after the run of --jar, and "
			+ "reports its figures against --jar's; repeatable: --variant no-rollups=../x/target/logbatch.jar")
	Map<String, Path> variants = new LinkedHashMap<>();

	@Option(names = "--baseline-rounds", description = "pairs of runs of --baseline-jar and --jar, every other "
			+ "pair in reverse order, each compared (default: ${DEFAULT-VALUE})")
	int baselineRounds = 1;

	@Option(names = "--store", description = "also measures the log store at scale in a database of its own: "
			+ "--store-events events over --store-days days, the usual queries' latencies and plans, and a prune "
			+ "of one day while logbatch writes the corpus")
	boolean store;

	@Option(names = "--store-events", description = "events in the store benchmark (default: ${DEFAULT-VALUE})")
	long storeEvents = 10_000_000;

	@Option(names = "--store-days", description = "days the store benchmark's events span (default: ${DEFAULT-VALUE})")
	int storeDays = 10;

	@Option(names = "--markdown", description = "also prints the results as Markdown, for bench/RESULTS.md")
	boolean markdown;

	@Spec
	CommandSpec spec;

	private final long startNanos = System.nanoTime();

	// log_event as the last COPY-only load found it
	private String copyLayout = "";

	public static void main(String[] args) {
		// The Kafka clients and zonky log every step, and the admin client warns while the broker
		// starts; the harness prints its own progress.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
		CommandLine commandLine = new CommandLine(new Bench());
		// bench/run passes its arguments in a file, one per line, so that spaces inside one survive Maven
		commandLine.setUseSimplifiedAtFiles(true);
		// --job-args takes values that look like options: --job-args=--logbatch.concurrency=4
		commandLine.setAllowOptionsAsOptionParameters(true);
		System.exit(commandLine.execute(args));
	}

	@Override
	public Integer call() throws Exception {
		if (this.remoteWorkers.stream().anyMatch((workers) -> workers < 1)) {
			throw new CommandLine.ParameterException(this.spec.commandLine(),
					"--remote-workers: each number of workers must be at least 1, was " + this.remoteWorkers);
		}
		List<BenchFormat> formatList = formatList();
		if (this.otlpBatch < 1 || this.formatRounds < 1 || this.baselineRounds < 1 || this.malformedRounds < 1
				|| this.storeDays < 2 || this.storeEvents < this.storeDays || this.largeRecords < 0) {
			throw new CommandLine.ParameterException(this.spec.commandLine(),
					"--otlp-batch, --format-rounds, --baseline-rounds and --malformed-rounds must be at least 1, "
							+ "--store-days at least 2, --store-events at least --store-days, --large-records at least 0");
		}
		for (String label : this.variants.keySet()) {
			if (!label.matches("[A-Za-z0-9_-]{1,40}")) {
				throw new CommandLine.ParameterException(this.spec.commandLine(),
						"--variant: a label is 1 to 40 letters, digits, - or _, was '" + label + "'");
			}
		}
		CorpusShape shape = new CorpusShape(this.records, this.partitions, this.duplicates, this.malformed, this.seed);
		Path output = Files.createDirectories(Path.of("target", "bench",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
		Report report = new Report();
		IssueTargets targets = new IssueTargets(new IssueTargets.Plan(this.records, this.largeRecords,
				!this.skipTextbook, !this.skipCopy, this.malformedCost, this.smallRun));
		report.issue(targets);
		List<Double> commitMillis = new ArrayList<>();
		List<Double> diskMegabytesPerSecond = new ArrayList<>();
		String postgresVersion;
		step("starting a Kafka broker and PostgreSQL");
		try (BenchServers servers = BenchServers.start()) {
			BenchDatabase database = new BenchDatabase(servers.jdbcUrl());
			database.createSchema();
			postgresVersion = database.serverVersion();
			step("PostgreSQL " + postgresVersion + ": " + String.join(", ", database.describeServer()));
			step("PostgreSQL settings not at their built-in default: "
					+ String.join(", ", database.nonDefaultSettings()));
			commitMillis.add(database.commitMillis(COMMIT_PROBES));
			diskMegabytesPerSecond.add(DiskProbe.writeMegabytesPerSecond());
			step(String.format(Locale.ROOT, "disk: a one-row commit takes %.2f ms (mean of %d); 256 MiB write and "
					+ "flush at %.0f MB/s", commitMillis.get(0), COMMIT_PROBES, diskMegabytesPerSecond.get(0)));
			BenchTopics topics = new BenchTopics(servers.bootstrapServers());
			OtherLoad otherLoad = new OtherLoad(database.postmasterPid(), servers.brokerPid());
			JobSetup setup = new JobSetup(split(this.jobJvmOptions), servers.jdbcUrl(), servers.bootstrapServers(),
					this.chunkSize, output, otherLoad, this.jobJavaHome);
			LogbatchContender logbatch = contender(setup, this.jar, "logbatch");

			CorpusStats corpus = load(topics, TOPIC, new Corpus(shape));
			Figures logbatchFigures = (this.baselineJar != null)
					? againstBaseline(report, setup, logbatch, database, corpus, topics)
					: report(report, run("logbatch run", logbatch, "logbatch", corpus, database, topics));
			targets.logbatch(logbatchFigures);
			variants(report, targets, setup, logbatchFigures, database, corpus, topics);
			remote(report, logbatch, logbatchFigures, corpus, database, topics);
			if (!formatList.isEmpty()) {
				new FormatRuns(topics, database, setup, this.jar, Path.of("config", "application.yml"),
						split(this.jobArguments), this::step)
					.run(new Corpus(shape), formatList, this.rules, this.otlpBatch, this.formatRounds, report)
					.forEach(targets::format);
			}
			if (!this.skipTextbook) {
				step("textbook job");
				Figures textbook = report(report,
						new TextbookContender(setup).run("textbook", TOPIC, this.partitions, corpus, database));
				targets.textbook(textbook);
				report.ratio("logbatch / textbook", logbatchFigures, textbook, Figures::recordsPerSecond, ">= 2.5");
				report.ratio("logbatch / textbook, to last write", logbatchFigures, textbook,
						Figures::recordsPerSecondToLastWrite, "-");
			}
			if (!this.skipCopy) {
				try (CopyLoad copy = prepareCopy(database, new Corpus(shape), TOPIC, output, otherLoad)) {
					Figures one = report(report, copy(copy, 1, database, new Corpus(shape), corpus));
					Figures two = report(report, copy(copy, 2, database, new Corpus(shape), corpus));
					targets.copy(two);
					report.ratio("logbatch / COPY, 2 connections", logbatchFigures, two, Figures::recordsPerSecond,
							">= 0.55");
					report.ratio("COPY, 2 connections / 1", two, one, Figures::recordsPerSecond, "-");
				}
			}
			if (this.largeRecords > 0) {
				large(report, targets, logbatch, database, topics, shape, output, otherLoad);
			}
			if (this.store) {
				store(report, setup, database, corpus, topics, output);
			}
			if (this.malformedCost) {
				malformedCost(report, targets, setup, database, topics, shape);
			}
			if (this.smallRun) {
				BenchDatabase smallDatabase = database.create("small");
				smallDatabase.createSchema();
				targets.smallRuns(new SmallRuns(topics, smallDatabase,
						contender(setup.withJdbcUrl(smallDatabase.jdbcUrl()), this.jar, "small"), shape, this::step)
					.run());
			}
			commitMillis.add(database.commitMillis(COMMIT_PROBES));
			diskMegabytesPerSecond.add(DiskProbe.writeMegabytesPerSecond());
		}
		step("done");
		List<String> machine = new ArrayList<>(Machine.describe(postgresVersion));
		machine.add(String.format(Locale.ROOT, "disk: a one-row commit (WAL flush) took %.2f ms before the runs and "
				+ "%.2f ms after (mean of %d); 256 MiB written and flushed at %.0f MB/s before, %.0f MB/s after",
				commitMillis.get(0), commitMillis.get(1), COMMIT_PROBES, diskMegabytesPerSecond.get(0),
				diskMegabytesPerSecond.get(1)));
		printResults(report, shape, machine, output);
		return report.allCorrect() ? 0 : 1;
	}

	private void printResults(Report report, CorpusShape shape, List<String> machine, Path output) {
		PrintStream out = System.out;
		out.printf(Locale.ROOT, "%nCorpus: %,d JSON records in %d partitions, %.2f%% duplicates, %.2f%% malformed, "
				+ "seed %d; chunk %d; job JVMs: %s%s%n%n", shape.records(), shape.partitions(),
				shape.duplicates() * 100, shape.malformed() * 100, shape.seed(), this.chunkSize, this.jobJvmOptions,
				this.jobArguments.isBlank() ? "" : "; logbatch run " + this.jobArguments);
		if (!this.formats.isEmpty() || this.rules) {
			out.printf(Locale.ROOT, "Formats: the corpus's %,d events rendered in each format into a topic of its own "
					+ "(the same duplicates; malformed: a line of the same stream that the format cannot read), "
					+ "OTLP with %d log records per request of one service instance; %s%s.%n%n", shape.records(),
					this.otlpBatch, (this.formatRounds > 1) ? this.formatRounds + " rounds, every other one in reverse "
							+ "order" : "1 round",
					this.rules ? "; json+rules: " + String.join(" ", BenchRules.jobArguments()) : "");
		}
		if (!this.copyLayout.isEmpty()) {
			out.printf("COPY only: the distinct valid rows, parsed beforehand by logbatch's own parser into a file, "
					+ "copied into log_event in the database logbatch's runs wrote to, as it stood: %s%n%n",
					this.copyLayout);
		}
		if (this.largeRecords > 0) {
			out.printf(Locale.ROOT, "Large corpus: %,d records of the same shape in '%s', after the other contenders: "
					+ "logbatch%s.%n%n", this.largeRecords, LARGE_TOPIC,
					this.skipCopy ? "" : ", then the COPY-only load with 2 connections");
		}
		if (!this.variants.isEmpty()) {
			out.printf("Variants: logbatch from each of these jars, just after the run of --jar, in a database of its "
					+ "own made by the jar's own migrations: %s%n%n", this.variants);
		}
		if (this.smallRun) {
			out.printf(Locale.ROOT, "Small runs: '%s', %d partitions, in a database of its own; the group first "
					+ "catches up on %,d records (untimed), then %d times %,d new records of the corpus's shape "
					+ "(a seed each) are sent and a run of the same group stores them, timed from starting its JVM to "
					+ "its exit.%n%n", SmallRuns.TOPIC, SmallRuns.PARTITIONS, SmallRuns.BACKLOG, SmallRuns.RUNS,
					SmallRuns.NEW_RECORDS);
		}
		if (!this.remoteWorkers.isEmpty()) {
			out.printf("Worker processes: all on this machine, each with the job JVMs' options and the run's "
					+ "arguments, so with the local run's logbatch.concurrency (default: the number of cores); "
					+ "CPU-s/1M counts theirs during the run with the manager's, and peak RSS is the sum of every "
					+ "process's peak.%n%n");
		}
		report.print(out, false);
		out.println();
		out.println("Command: " + command());
		machine.forEach((line) -> out.println("  " + line));
		out.printf(Locale.ROOT, "Took %.0f s (%.1f min); outputs in %s%n", (System.nanoTime() - this.startNanos) / 1e9,
				(System.nanoTime() - this.startNanos) / 60e9, output);
		if (this.markdown) {
			out.println();
			report.print(out, true);
		}
	}

	/**
	 * logbatch from --baseline-jar, on a database of its own that the baseline's own migrations created,
	 * and from --jar, in --baseline-rounds pairs, every other one in reverse order; returns --jar's first
	 * figures.
	 */
	private Figures againstBaseline(Report report, JobSetup setup, LogbatchContender logbatch, BenchDatabase database,
			CorpusStats corpus, BenchTopics topics) throws Exception {
		BenchDatabase baselineDatabase = databaseOf(database, "baseline", this.baselineJar,
				setup.outputDirectory());
		Figures first = null;
		List<Double> changes = new ArrayList<>();
		for (int round = 1; round <= this.baselineRounds; round++) {
			String suffix = (this.baselineRounds > 1) ? ", round " + round : "";
			LogbatchContender baseline = contender(setup.withJdbcUrl(baselineDatabase.jdbcUrl()), this.baselineJar,
					"baseline" + round);
			LogbatchContender current = (round == 1) ? logbatch : contender(setup, this.jar, "logbatch" + round);
			Figures before;
			Figures after;
			if (round % 2 == 1) {
				before = report(report, run("logbatch run, baseline jar " + this.baselineJar + suffix, baseline,
						"logbatch, baseline jar" + suffix, corpus, baselineDatabase, topics));
				after = report(report, run("logbatch run" + suffix, current, "logbatch" + suffix, corpus, database,
						topics));
			}
			else {
				after = report(report, run("logbatch run" + suffix, current, "logbatch" + suffix, corpus, database,
						topics));
				before = report(report, run("logbatch run, baseline jar " + this.baselineJar + suffix, baseline,
						"logbatch, baseline jar" + suffix, corpus, baselineDatabase, topics));
			}
			report.change("logbatch vs baseline jar" + suffix, before, after, "-");
			changes.add(after.recordsPerSecond() / before.recordsPerSecond());
			if (first == null) {
				first = after;
			}
		}
		if (changes.size() > 1) {
			report.mean("logbatch / baseline jar, mean of " + changes.size(), changes);
		}
		return first;
	}

	/**
	 * logbatch on a clean and on a 1%-malformed corpus of the same shape, in --malformed-rounds pairs, every
	 * other one in reverse order: the change between two single runs is within the spread of this machine's
	 * runs of one build, wider than the target itself.
	 */
	private void malformedCost(Report report, IssueTargets targets, JobSetup setup, BenchDatabase database,
			BenchTopics topics, CorpusShape shape) throws Exception {
		CorpusStats cleanCorpus = load(topics, TOPIC + "-clean", new Corpus(shape.withMalformed(0)));
		CorpusStats badCorpus = load(topics, TOPIC + "-malformed", new Corpus(shape.withMalformed(0.01)));
		List<Figures> cleanRuns = new ArrayList<>();
		List<Figures> badRuns = new ArrayList<>();
		List<Double> changes = new ArrayList<>();
		for (int round = 1; round <= this.malformedRounds; round++) {
			String suffix = (this.malformedRounds > 1) ? ", round " + round : "";
			// a contender of its own each round: its group starts at the topics' beginning
			LogbatchContender logbatch = contender(setup, this.jar, "malformed" + round);
			Figures clean;
			Figures bad;
			if (round % 2 == 1) {
				clean = malformedCostRun(report, logbatch, "clean corpus" + suffix, "-clean", cleanCorpus, database,
						topics);
				bad = malformedCostRun(report, logbatch, "1% malformed" + suffix, "-malformed", badCorpus, database,
						topics);
			}
			else {
				bad = malformedCostRun(report, logbatch, "1% malformed" + suffix, "-malformed", badCorpus, database,
						topics);
				clean = malformedCostRun(report, logbatch, "clean corpus" + suffix, "-clean", cleanCorpus, database,
						topics);
			}
			report.change("1% malformed vs clean" + suffix, clean, bad, ">= -5%");
			changes.add(bad.recordsPerSecond() / clean.recordsPerSecond());
			cleanRuns.add(clean);
			badRuns.add(bad);
		}
		if (changes.size() > 1) {
			report.mean("1% malformed / clean, mean of " + changes.size(), changes);
		}
		targets.malformedCost(cleanRuns, badRuns);
	}

	private Figures malformedCostRun(Report report, LogbatchContender logbatch, String name, String topicSuffix,
			CorpusStats corpus, BenchDatabase database, BenchTopics topics) throws Exception {
		step("logbatch run, " + name);
		return report(report, logbatch.run("logbatch, " + name, TOPIC + topicSuffix, corpus, database, topics));
	}

	/**
	 * Database {@code name} beside {@code database}, its schema made by {@code jar}'s own migrations, as that
	 * build makes it on its first run: for logbatch from another jar.
	 */
	private static BenchDatabase databaseOf(BenchDatabase database, String name, Path jar, Path output)
			throws Exception {
		BenchDatabase other = database.create(name);
		other.createSchema(LogbatchContender.classesJar(jar, output));
		return other;
	}

	/** logbatch from {@code jar}, with the shipped configuration and --job-args. */
	private LogbatchContender contender(JobSetup setup, Path jar, String name) {
		return new LogbatchContender(setup, jar, Path.of("config", "application.yml"), split(this.jobArguments), name);
	}

	/** logbatch from each --variant jar, in a database of its own, against --jar's run. */
	private void variants(Report report, IssueTargets targets, JobSetup setup, Figures logbatchFigures,
			BenchDatabase database, CorpusStats corpus, BenchTopics topics) throws Exception {
		for (Map.Entry<String, Path> variant : this.variants.entrySet()) {
			String label = variant.getKey();
			BenchDatabase variantDatabase = databaseOf(database,
					"variant_" + label.toLowerCase(Locale.ROOT).replace('-', '_'), variant.getValue(),
					setup.outputDirectory());
			LogbatchContender contender = contender(setup.withJdbcUrl(variantDatabase.jdbcUrl()), variant.getValue(),
					"variant-" + label);
			Figures figures = report(report, run("logbatch run, variant " + label + " (" + variant.getValue() + ")",
					contender, "logbatch, variant " + label, corpus, variantDatabase, topics));
			targets.variant(figures);
			report.ratio("variant " + label + " / logbatch", figures, logbatchFigures, Figures::recordsPerSecond, "-");
			report.ratio("variant " + label + " / logbatch, CPU-s/1M", figures, logbatchFigures,
					Figures::cpuSecondsPerMillion, "-");
		}
	}

	/**
	 * logbatch, then the COPY-only load with 2 connections, on a corpus of --large-records records of the
	 * main corpus's shape in a topic of its own.
	 */
	private void large(Report report, IssueTargets targets, LogbatchContender logbatch, BenchDatabase database,
			BenchTopics topics, CorpusShape shape, Path output, OtherLoad otherLoad) throws Exception {
		CorpusShape largeShape = new CorpusShape(this.largeRecords, shape.partitions(), shape.duplicates(),
				shape.malformed(), shape.seed());
		CorpusStats corpus = load(topics, LARGE_TOPIC, new Corpus(largeShape));
		step("logbatch run, large corpus");
		Figures logbatchFigures = report(report,
				logbatch.run("logbatch, large corpus", LARGE_TOPIC, corpus, database, topics));
		targets.large(logbatchFigures);
		if (!this.skipCopy) {
			try (CopyLoad copy = prepareCopy(database, new Corpus(largeShape), LARGE_TOPIC, output, otherLoad)) {
				Figures two = copy(copy, 2, database, new Corpus(largeShape), corpus);
				two = report(report, two.named(two.contender() + ", large corpus"));
				targets.largeCopy(two);
				report.ratio("logbatch / COPY 2 conn., large corpus", logbatchFigures, two,
						Figures::recordsPerSecond, ">= 0.70");
			}
		}
	}

	private Figures run(String step, LogbatchContender contender, String name, CorpusStats corpus,
			BenchDatabase database, BenchTopics topics) throws Exception {
		step(step);
		return contender.run(name, TOPIC, corpus, database, topics);
	}

	/** The store benchmark, in database {@code store}. */
	private void store(Report report, JobSetup setup, BenchDatabase database, CorpusStats corpus, BenchTopics topics,
			Path output) throws Exception {
		BenchDatabase storeDatabase = database.create("store");
		storeDatabase.createSchema();
		StoreBench bench = new StoreBench(storeDatabase, this.storeEvents, this.storeDays, this::step);
		step("store: writing " + this.storeEvents + " events over " + this.storeDays + " days");
		String loaded = bench.load();
		step("store: " + loaded);
		Path plans = output.resolve("store-plans.txt");
		List<StoreBench.QueryFigures> queries = bench.queries(plans);
		step("store: logbatch run into it");
		StoreBench.PruneFigures prune = bench.pruneWhileWriting(
				contender(setup.withJdbcUrl(storeDatabase.jdbcUrl()), this.jar, "store"), TOPIC, corpus, topics);
		report(report, prune.run());
		report.addStore(loaded, queries, prune, plans);
	}

	// logbatch with 1, 2, ... worker processes, each compared with the local run and the first
	private void remote(Report report, LogbatchContender logbatch, Figures local, CorpusStats corpus,
			BenchDatabase database, BenchTopics topics) throws Exception {
		Figures first = null;
		String firstName = null;
		for (int workers : this.remoteWorkers) {
			String name = workers + " worker" + ((workers > 1) ? "s" : "");
			String contender = "logbatch, " + name;
			step(contender);
			Figures figures = report(report, logbatch.runWithWorkers(contender, workers, TOPIC, corpus, database,
					topics));
			report.ratio("logbatch, " + name + " / local run", figures, local, Figures::recordsPerSecond, "-");
			if (first == null) {
				first = figures;
				firstName = name;
			}
			else {
				report.ratio("logbatch, " + name + " / " + firstName, figures, first, Figures::recordsPerSecond, "-");
			}
		}
	}

	// The formats to compare, in order: json first when not given, as the reference.
	private List<BenchFormat> formatList() {
		List<BenchFormat> list = new ArrayList<>();
		for (String name : this.formats) {
			BenchFormat format = BenchFormat.named(name);
			if (format == null) {
				throw new CommandLine.ParameterException(this.spec.commandLine(),
						"--formats: unknown format '" + name + "', the formats are " + BenchFormat.names());
			}
			if (!list.contains(format)) {
				list.add(format);
			}
		}
		if ((!list.isEmpty() || this.rules) && !list.contains(BenchFormat.JSON)) {
			list.add(0, BenchFormat.JSON);
		}
		return list;
	}

	private CorpusStats load(BenchTopics topics, String topic, Corpus corpus) {
		step("loading " + corpus.shape().records() + " records into '" + topic + "' (" + corpus.shape().partitions()
				+ " partitions)");
		long start = System.nanoTime();
		topics.create(topic, corpus.shape().partitions());
		CorpusStats stats = topics.load(topic, corpus);
		double seconds = (System.nanoTime() - start) / 1e9;
		step(String.format(Locale.ROOT,
				"loaded in %.1f s: %d records, %.1f MB of values (%.0f bytes each), %d duplicates, %d malformed, "
						+ "%d distinct valid event ids",
				seconds, stats.records(), stats.valueBytes() / 1e6, (double) stats.valueBytes() / stats.records(),
				stats.duplicates(), stats.malformed(), stats.originals()));
		return stats;
	}

	// the distinct valid rows of the corpus, in a file of the output directory
	private CopyLoad prepareCopy(BenchDatabase database, Corpus corpus, String topic, Path output,
			OtherLoad otherLoad) throws Exception {
		step("preparing the COPY rows of '" + topic + "'");
		CopyRows.Chunks chunks = CopyRows.write(corpus, topic, this.chunkSize, output.resolve("copy-" + topic + ".txt"));
		step(String.format(Locale.ROOT, "prepared %d chunks, %.1f MB", chunks.count(),
				chunks.end(chunks.count() - 1) / 1e6));
		return new CopyLoad(database, chunks, otherLoad);
	}

	/**
	 * A COPY-only load, checked for its rows and for the layout of {@code log_event} it loaded into: the one
	 * logbatch's runs write, in the same database, partitioned with a partition for each of the corpus's days.
	 */
	private Figures copy(CopyLoad copy, int connections, BenchDatabase database, Corpus source, CorpusStats corpus)
			throws Exception {
		String contender = "COPY only, " + connections + " connection" + ((connections > 1) ? "s" : "");
		BenchDatabase.LogEventLayout layout = database.logEventLayout();
		this.copyLayout = layout.toString();
		step(contender + " into log_event: " + layout);
		CopyLoad.Result loaded = copy.load(connections);
		Verdict verdict = new Verdict().expect("rows", database.rows(), corpus.originals())
			.expect("log_event partitioned", layout.partitionKey() != null, true)
			.expect("days without a partition", layout.missingDays(source.days()), List.of())
			.note(layout.partitions().size() + " partitions, " + layout.indexes().size() + " indexes")
			.note("rows per partition: " + String.join(", ", database.rowsPerPartition()))
			.note("rows/s in the records/s column");
		return Figures.ofCopy(contender, corpus.originals(), corpus.originalBytes(), loaded.took().toNanos() / 1e9,
				loaded.otherCpuSeconds(), verdict);
	}

	private Figures report(Report report, Figures figures) {
		report.add(figures);
		step(String.format(Locale.ROOT, "%s: %.0f records/s, %s", figures.contender(), figures.recordsPerSecond(),
				figures.verdict()));
		return figures;
	}

	private void step(String text) {
		System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - this.startNanos) / 1e9, text);
		System.out.flush();
	}

	// The arguments as given, quoted for a shell where needed.
	private String command() {
		List<String> words = new ArrayList<>(List.of("bench/run"));
		for (String argument : this.spec.commandLine().getParseResult().expandedArgs()) {
			words.add(argument.matches("[A-Za-z0-9_.,:=/+@%-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'");
		}
		return String.join(" ", words);
	}

	private static List<String> split(String words) {
		return Arrays.stream(words.trim().split("\\s+")).filter((word) -> !word.isEmpty()).toList();
	}

}
