package io.logbatch.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * the other on an emptied {@code log_event}; then prints the figures, their ratios, the command
 * and the machine.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Measures logbatch against the textbook Spring Batch job and a COPY-only load of the same rows.")
public final class Bench implements Callable<Integer> {

	private static final String TOPIC = "bench-logs";

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

	@Option(names = "--job-jvm-opts", description = "options of the logbatch and textbook JVMs (default: ${DEFAULT-VALUE})")
	String jobJvmOptions = "-Xms256m -Xmx256m -XX:+AlwaysPreTouch";

	@Option(names = "--job-args", description = "more --key=value arguments for logbatch's run, space-separated")
	String jobArguments = "";

	@Option(names = "--malformed-cost",
			description = "also runs logbatch on a clean and on a 1%%-malformed corpus of the same size")
	boolean malformedCost;

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

	@Option(names = "--jar", description = "the logbatch jar (default: ${DEFAULT-VALUE})")
	Path jar = Path.of("target/logbatch.jar");

	@Option(names = "--baseline-jar", description = "also runs logbatch from this jar, such as a build of an "
			+ "earlier commit, on the same corpus just before the run of --jar, and reports the change between them")
	Path baselineJar;

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
		if (this.otlpBatch < 1 || this.formatRounds < 1 || this.baselineRounds < 1 || this.storeDays < 2
				|| this.storeEvents < this.storeDays) {
			throw new CommandLine.ParameterException(this.spec.commandLine(),
					"--otlp-batch, --format-rounds and --baseline-rounds must be at least 1, --store-days at least 2, "
							+ "--store-events at least --store-days");
		}
		CorpusShape shape = new CorpusShape(this.records, this.partitions, this.duplicates, this.malformed, this.seed);
		Path output = Files.createDirectories(Path.of("target", "bench",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
		Report report = new Report();
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
			OtherLoad otherLoad = new OtherLoad(database.postmasterPid());
			JobSetup setup = new JobSetup(split(this.jobJvmOptions), servers.jdbcUrl(), servers.bootstrapServers(),
					this.chunkSize, output, otherLoad);
			LogbatchContender logbatch = new LogbatchContender(setup, this.jar, Path.of("config", "application.yml"),
					split(this.jobArguments), "logbatch");

			CorpusStats corpus = load(topics, TOPIC, new Corpus(shape));
			Figures logbatchFigures = (this.baselineJar != null)
					? againstBaseline(report, setup, logbatch, database, corpus, topics)
					: report(report, run("logbatch run", logbatch, "logbatch", corpus, database, topics));
			remote(report, logbatch, logbatchFigures, corpus, database, topics);
			if (!formatList.isEmpty()) {
				new FormatRuns(topics, database, setup, this.jar, Path.of("config", "application.yml"),
						split(this.jobArguments), this::step)
					.run(new Corpus(shape), formatList, this.rules, this.otlpBatch, this.formatRounds, report);
			}
			if (!this.skipTextbook) {
				step("textbook job");
				Figures textbook = report(report,
						new TextbookContender(setup).run("textbook", TOPIC, this.partitions, corpus, database));
				report.ratio("logbatch / textbook", logbatchFigures, textbook, Figures::recordsPerSecond, ">= 2.5");
				report.ratio("logbatch / textbook, to last write", logbatchFigures, textbook,
						Figures::recordsPerSecondToLastWrite, "-");
			}
			if (!this.skipCopy) {
				step("preparing the COPY rows");
				CopyLoad copy = new CopyLoad(database, CopyRows.chunks(new Corpus(shape), TOPIC, this.chunkSize),
						otherLoad);
				Figures one = report(report, copy(copy, 1, database, corpus));
				Figures two = report(report, copy(copy, 2, database, corpus));
				report.ratio("logbatch / COPY, 2 connections", logbatchFigures, two, Figures::recordsPerSecond,
						">= 0.60");
				report.ratio("COPY, 2 connections / 1", two, one, Figures::recordsPerSecond, "-");
			}
			if (this.store) {
				store(report, setup, database, corpus, topics, output);
			}
			if (this.malformedCost) {
				CorpusStats cleanCorpus = load(topics, TOPIC + "-clean", new Corpus(shape.withMalformed(0)));
				step("logbatch run, clean corpus");
				Figures clean = report(report,
						logbatch.run("logbatch, clean corpus", TOPIC + "-clean", cleanCorpus, database, topics));
				CorpusStats badCorpus = load(topics, TOPIC + "-malformed", new Corpus(shape.withMalformed(0.01)));
				step("logbatch run, 1% malformed corpus");
				Figures bad = report(report,
						logbatch.run("logbatch, 1% malformed", TOPIC + "-malformed", badCorpus, database, topics));
				report.change("1% malformed vs clean", clean, bad, ">= -5%");
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
		out.printf(Locale.ROOT, "Took %.0f s; outputs in %s%n", (System.nanoTime() - this.startNanos) / 1e9, output);
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
		BenchDatabase baselineDatabase = database.create("baseline");
		baselineDatabase.createSchema(this.baselineJar);
		Figures first = null;
		List<Double> changes = new ArrayList<>();
		for (int round = 1; round <= this.baselineRounds; round++) {
			String suffix = (this.baselineRounds > 1) ? ", round " + round : "";
			LogbatchContender baseline = new LogbatchContender(setup.withJdbcUrl(baselineDatabase.jdbcUrl()),
					this.baselineJar, Path.of("config", "application.yml"), split(this.jobArguments),
					"baseline" + round);
			LogbatchContender current = (round == 1) ? logbatch
					: new LogbatchContender(setup, this.jar, Path.of("config", "application.yml"),
							split(this.jobArguments), "logbatch" + round);
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
		StoreBench.PruneFigures prune = bench.pruneWhileWriting(new LogbatchContender(
				setup.withJdbcUrl(storeDatabase.jdbcUrl()), this.jar, Path.of("config", "application.yml"),
				split(this.jobArguments), "store"), TOPIC, corpus, topics);
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

	private Figures copy(CopyLoad copy, int connections, BenchDatabase database, CorpusStats corpus)
			throws Exception {
		String contender = "COPY only, " + connections + " connection" + ((connections > 1) ? "s" : "");
		step(contender);
		CopyLoad.Result loaded = copy.load(connections);
		Verdict verdict = new Verdict().expect("rows", database.rows(), corpus.originals())
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
