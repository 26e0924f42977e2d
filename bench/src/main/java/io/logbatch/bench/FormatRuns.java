package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.logbatch.bench.CorpusRecord.Kind;

/**
 * The formats comparison of {@code bench/run --formats} and {@code --rules}: the same corpus of events
 * rendered in each format into a topic of its own ({@code bench-logs-<format>}), and logbatch's
 * {@code run} once per format and round, with {@code --logbatch.input.format} and the format's keys; with
 * the rules, the JSON topic once more with {@link BenchRules}.
 * <p>
 * Every corpus is loaded before the first of these runs. A run comes later in an invocation than the ones
 * it is compared with or earlier, and the later runs of an invocation are faster whichever build or format
 * they run: so round 1 runs the formats in the order given, round 2 in the reverse order, and so on, and
 * each run is compared with JSON's in its own round.
 */
final class FormatRuns {

	private static final String RULES = "json+rules";

	private final BenchTopics topics;

	private final BenchDatabase database;

	private final JobSetup setup;

	private final Path jar;

	private final Path shippedConfig;

	private final List<String> jobArguments;

	private final Consumer<String> progress;

	/**
	 * @param jobArguments the arguments of every run ({@code --job-args}), before the format's own
	 * @param progress prints a line of progress
	 */
	FormatRuns(BenchTopics topics, BenchDatabase database, JobSetup setup, Path jar, Path shippedConfig,
			List<String> jobArguments, Consumer<String> progress) {
		this.topics = topics;
		this.database = database;
		this.setup = setup;
		this.jar = jar;
		this.shippedConfig = shippedConfig;
		this.jobArguments = List.copyOf(jobArguments);
		this.progress = progress;
	}

	/**
	 * Loads the corpora, then runs logbatch on each, round after round, and adds the runs to the report.
	 * @return the runs, in the order they ran
	 * @param formats the formats in the order of the first round; JSON among them
	 * @param rules whether to run JSON with the rules too, after the formats in the first round
	 * @param otlpBatchSize log records per OTLP request
	 */
	List<FormatFigures> run(Corpus corpus, List<BenchFormat> formats, boolean rules, int otlpBatchSize, int rounds,
			Report report) throws IOException, SQLException {
		List<FormatFigures> runs = new ArrayList<>();
		Map<BenchFormat, CorpusStats> loaded = new EnumMap<>(BenchFormat.class);
		for (BenchFormat format : formats) {
			loaded.put(format, load(new FormatCorpus(corpus, format, otlpBatchSize), corpus.shape().partitions()));
		}
		List<String> names = new ArrayList<>(formats.stream().map(BenchFormat::configName).toList());
		CorpusStats withRules = null;
		long filtered = 0;
		if (rules) {
			names.add(RULES);
			long[] dropped = dropped(corpus);
			withRules = loaded.get(BenchFormat.JSON).withDroppedOriginals(dropped[0]);
			filtered = dropped[1];
		}
		for (int round = 1; round <= rounds; round++) {
			List<String> order = new ArrayList<>(names);
			if (round % 2 == 0) {
				Collections.reverse(order);
			}
			for (String name : order) {
				FormatFigures figures = RULES.equals(name) ? runRules(round, withRules, filtered)
						: runFormat(round, BenchFormat.named(name), loaded.get(BenchFormat.named(name)));
				report.addFormat(figures);
				runs.add(figures);
				this.progress.accept(String.format(Locale.ROOT, "%s: %.0f events/s, %.1f CPU-s per 1M events, %s",
						label(figures), figures.eventsPerSecond(), figures.cpuSecondsPerMillionEvents(),
						figures.figures().verdict()));
			}
		}
		return runs;
	}

	private CorpusStats load(FormatCorpus corpus, int partitions) {
		String topic = topic(corpus.format());
		this.progress.accept("loading the corpus as " + corpus.format().configName() + " into '" + topic + "'");
		long start = System.nanoTime();
		this.topics.create(topic, partitions);
		CorpusStats stats = this.topics.load(topic, corpus);
		this.progress.accept(String.format(Locale.ROOT,
				"loaded in %.1f s: %d records, %d events, %.1f MB of values (%.0f bytes per event), %d duplicates, "
						+ "%d malformed, %d distinct valid event ids",
				(System.nanoTime() - start) / 1e9, stats.records(), stats.events(), stats.valueBytes() / 1e6,
				(double) stats.valueBytes() / stats.events(), stats.duplicates(), stats.malformed(),
				stats.originals()));
		return stats;
	}

	private FormatFigures runFormat(int round, BenchFormat format, CorpusStats corpus)
			throws IOException, SQLException {
		String contender = "logbatch, " + format.configName() + ", round " + round;
		this.progress.accept(contender);
		Figures figures = contender(round, format.jobArguments())
			.run(contender, topic(format), corpus, this.database, this.topics);
		return new FormatFigures(round, format.configName(), corpus, figures);
	}

	private FormatFigures runRules(int round, CorpusStats corpus, long filtered) throws IOException, SQLException {
		String contender = "logbatch, " + RULES + ", round " + round;
		this.progress.accept(contender);
		List<String> arguments = new ArrayList<>(BenchFormat.JSON.jobArguments());
		arguments.addAll(BenchRules.jobArguments());
		// its own name: a group and working directory apart from the plain JSON run's over the same topic
		Figures figures = contender(round, arguments, "rules")
			.runFiltering(contender, topic(BenchFormat.JSON), corpus, filtered, this.database, this.topics);
		figures.verdict()
			.expect("rows with " + BenchRules.ADDED_FIELD + "=" + BenchRules.ADDED_VALUE,
					this.database.rowsWithAttribute(BenchRules.ADDED_FIELD, BenchRules.ADDED_VALUE),
					corpus.originals());
		return new FormatFigures(round, RULES, corpus, figures);
	}

	private LogbatchContender contender(int round, List<String> formatArguments) {
		return contender(round, formatArguments, "format");
	}

	private LogbatchContender contender(int round, List<String> formatArguments, String kind) {
		List<String> arguments = new ArrayList<>(this.jobArguments);
		arguments.addAll(formatArguments);
		return new LogbatchContender(this.setup, this.jar, this.shippedConfig, arguments, kind + round);
	}

	// The original events the rules drop, and all events they drop (duplicates of dropped events too).
	private static long[] dropped(Corpus corpus) {
		long[] dropped = new long[2];
		corpus.forEachEntry((entry) -> {
			if (entry.kind() != Kind.MALFORMED && BenchRules.drops(entry.event())) {
				dropped[1]++;
				if (entry.kind() == Kind.ORIGINAL) {
					dropped[0]++;
				}
			}
		});
		return dropped;
	}

	static String topic(BenchFormat format) {
		return "bench-logs-" + format.configName();
	}

	static String label(FormatFigures figures) {
		return figures.name() + ", round " + figures.round();
	}

}
