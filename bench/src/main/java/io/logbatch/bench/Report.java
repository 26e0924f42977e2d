package io.logbatch.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/** Prints the result table and the ratios, as plain text or as Markdown. */
final class Report {

	private static final String[] HEADERS = { "contender", "records/s", "to last write rec/s", "MB/s", "CPU-s/1M",
			"peak RSS MiB", "last write->exit ms", "job s", "wall s",
			"others' CPU %" };

	private static final String[] FORMAT_HEADERS = { "round", "format", "records", "events", "job s", "wall s",
			"events/s", "records/s", "CPU-s/1M events", "peak RSS MiB", "last write->exit ms", "events/s vs json", "CPU/1M ev vs json",
			"others' CPU %" };

	// Above this, another job shared the cores with a contender.
	private static final double BUSY_MACHINE_PERCENT = 5;

	private final List<Figures> rows = new ArrayList<>();

	private final List<String> ratios = new ArrayList<>();

	private final List<FormatFigures> formats = new ArrayList<>();

	private final List<StoreSection> store = new ArrayList<>();

	private @Nullable IssueTargets issue;

	void add(Figures figures) {
		this.rows.add(figures);
	}

	/** Adds a run of the formats comparison, which has a table of its own. */
	void addFormat(FormatFigures figures) {
		this.formats.add(figures);
	}

	/** The issue 16 section, printed last. */
	void issue(IssueTargets targets) {
		this.issue = targets;
	}

	/** Adds a ratio of two figures, if both were measured. */
	void ratio(String name, Figures numerator, Figures denominator, ToDoubleFunction<Figures> figure, String target) {
		double ratio = figure.applyAsDouble(numerator) / figure.applyAsDouble(denominator);
		this.ratios.add(String.format(Locale.ROOT, "%-38s %6.2f   (target %s)", name, ratio, target));
	}

	/** The change of the records per second from one contender to another, in per cent. */
	void change(String name, Figures before, Figures after, String target) {
		double change = (after.recordsPerSecond() / before.recordsPerSecond() - 1) * 100;
		this.ratios.add(String.format(Locale.ROOT, "%-38s %+6.1f%%  (target %s)", name, change, target));
	}

	/** The mean of ratios measured in several rounds. */
	void mean(String name, List<Double> ratios) {
		this.ratios.add(String.format(Locale.ROOT, "%-38s %6.2f   (%s)", name,
				ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
				String.join(", ", ratios.stream().map((ratio) -> String.format(Locale.ROOT, "%.2f", ratio)).toList())));
	}

	void print(PrintStream out, boolean markdown) {
		List<String[]> cells = new ArrayList<>();
		cells.add(HEADERS);
		for (Figures row : this.rows) {
			cells.add(new String[] { row.contender(), number(row.recordsPerSecond(), 0),
					number(row.recordsPerSecondToLastWrite(), 0), number(row.megabytesPerSecond(), 1),
					number(row.cpuSecondsPerMillion(), 1), number(row.peakRssMebibytes(), 0),
					number(row.lastWriteToExitMillis(), 0), number(row.jobSeconds(), 1),
					number(row.wallSeconds(), 1), number(row.otherCpuPercent(), 1) });
		}
		table(out, cells, 1, markdown);
		for (Figures row : this.rows) {
			if (row.otherCpuPercent() > BUSY_MACHINE_PERCENT) {
				out.printf(Locale.ROOT, "%sWARNING: other processes used %.0f%% of the machine's CPU while '%s' ran: "
						+ "its figures understate it%n", markdown ? "\n" : "", row.otherCpuPercent(), row.contender());
			}
		}
		out.println();
		for (String ratio : this.ratios) {
			out.println(markdown ? "    " + ratio : ratio);
		}
		out.println();
		for (Figures row : this.rows) {
			out.println((markdown ? "- " : "") + row.contender() + ": " + row.verdict());
		}
		if (!this.formats.isEmpty()) {
			printFormats(out, markdown);
		}
		for (StoreSection section : this.store) {
			out.println();
			printStore(out, section, markdown);
		}
		if (this.issue != null) {
			out.println();
			printIssue(out, this.issue, markdown);
		}
	}

	/**
	 * Issue 16's section: its targets, the same figures for every logbatch run beside the JSON run, and
	 * the small runs.
	 */
	private static void printIssue(PrintStream out, IssueTargets issue, boolean markdown) {
		out.println("Issue 16 targets (each from this invocation):");
		out.println();
		table(out, issue.targets(), 4, markdown);
		if (issue.hasRuns()) {
			out.println();
			out.println("The same figures for each logbatch run (events/s: records/s, except for the OTLP formats, "
					+ "whose records hold several events; against the COPY-only and textbook runs of its corpus size):");
			out.println();
			table(out, issue.runs(), 1, markdown);
		}
		if (issue.hasSmallRuns()) {
			out.println();
			out.println("Small runs: " + issue.smallRunSummary() + ".");
			out.println();
			table(out, issue.smallRunTable(), 1, markdown);
			out.println();
			issue.verdicts().forEach((line) -> out.println((markdown ? "- " : "") + line));
		}
	}

	/** Adds the store benchmark's figures: how the store was filled, its queries, its prunes. */
	void addStore(String loaded, List<StoreBench.QueryFigures> queries, StoreBench.PruneFigures prune, Path plans) {
		this.store.add(new StoreSection(loaded, queries, prune, plans));
	}

	boolean allCorrect() {
		return this.rows.stream().allMatch((row) -> row.verdict().ok())
				&& this.formats.stream().allMatch((row) -> row.figures().verdict().ok())
				&& (this.issue == null || this.issue.allCorrect());
	}

	/**
	 * The formats table: each run with its events per second and CPU per million events, and both against
	 * JSON's in the same round; then, over the rounds, the mean of those ratios per format.
	 */
	private void printFormats(PrintStream out, boolean markdown) {
		out.println();
		out.println("Formats: the same events in each format's topic; events/s and CPU per million events of the "
				+ "job JVM, against json's run in the same round.");
		out.println();
		List<String[]> cells = new ArrayList<>();
		cells.add(FORMAT_HEADERS);
		Map<String, List<double[]>> ratiosByName = new LinkedHashMap<>();
		for (FormatFigures row : this.formats) {
			Optional<FormatFigures> json = this.formats.stream()
				.filter((other) -> other.round() == row.round() && other.name().equals(BenchFormat.JSON.configName()))
				.findFirst();
			double speed = json.map((reference) -> row.eventsPerSecond() / reference.eventsPerSecond())
				.orElse(Double.NaN);
			double cpu = json
				.map((reference) -> row.cpuSecondsPerMillionEvents() / reference.cpuSecondsPerMillionEvents())
				.orElse(Double.NaN);
			ratiosByName.computeIfAbsent(row.name(), (name) -> new ArrayList<>()).add(new double[] { speed, cpu });
			Figures figures = row.figures();
			cells.add(new String[] { Integer.toString(row.round()), row.name(), number(row.corpus().records(), 0),
					number(row.corpus().events(), 0), number(figures.jobSeconds(), 1),
					number(figures.wallSeconds(), 1), number(row.eventsPerSecond(), 0),
					number(figures.recordsPerSecond(), 0), number(row.cpuSecondsPerMillionEvents(), 1),
					number(figures.peakRssMebibytes(), 0), number(figures.lastWriteToExitMillis(), 0),
					number(speed, 2), number(cpu, 2),
					number(figures.otherCpuPercent(), 1) });
		}
		table(out, cells, 2, markdown);
		for (FormatFigures row : this.formats) {
			if (row.figures().otherCpuPercent() > BUSY_MACHINE_PERCENT) {
				out.printf(Locale.ROOT, "%sWARNING: other processes used %.0f%% of the machine's CPU while '%s' ran: "
						+ "its figures understate it%n", markdown ? "\n" : "", row.figures().otherCpuPercent(),
						FormatRuns.label(row));
			}
		}
		if (this.formats.stream().mapToInt(FormatFigures::round).max().orElse(1) > 1) {
			out.println();
			ratiosByName.forEach((name, ratios) -> out.printf(Locale.ROOT,
					"%s%-12s vs json, mean over %d rounds: events/s %.2f, CPU per 1M events %.2f%n",
					markdown ? "    " : "", name, ratios.size(), mean(ratios, 0), mean(ratios, 1)));
		}
		out.println();
		for (FormatFigures row : this.formats) {
			out.println((markdown ? "- " : "") + FormatRuns.label(row) + ": " + row.figures().verdict());
		}
	}

	private static void printStore(PrintStream out, StoreSection store, boolean markdown) {
		out.println("Store: " + store.loaded());
		out.println();
		List<String[]> cells = new ArrayList<>();
		cells.add(new String[] { "query", "rows", "median ms", "slowest ms", "EXPLAIN ANALYZE ms", "target ms" });
		for (StoreBench.QueryFigures query : store.queries()) {
			double target = query.query().targetMillis();
			cells.add(new String[] { query.query().name(), number(query.rows(), 0), number(query.medianMillis(), 2),
					number(query.maxMillis(), 2), number(query.explainMillis(), 2),
					(target > 0) ? number(target, 0) + (query.met() ? " (met)" : " (MISSED)") : "-" });
		}
		table(out, cells, 1, markdown);
		out.println();
		StoreBench.PruneFigures prune = store.prune();
		out.printf(Locale.ROOT, "%sprune of one day while a run writes: %s (%s) in %.0f ms (target < 1000)%s%n",
				markdown ? "- " : "", prune.whileWriting().table(), prune.whileWriting().description(),
				prune.whileWriting().millis(), prune.overlapped() ? ", the run still writing when it ended"
						: "; WARNING: the run had ended before the prune did");
		out.printf(Locale.ROOT, "%sprune of one day, nothing else running: %s (%s) in %.0f ms%n",
				markdown ? "- " : "", prune.idle().table(), prune.idle().description(), prune.idle().millis());
		out.println((markdown ? "- " : "") + "plans (EXPLAIN (ANALYZE, BUFFERS)) in " + store.plans());
	}

	private static double mean(List<double[]> ratios, int which) {
		return ratios.stream().mapToDouble((ratio) -> ratio[which]).average().orElse(Double.NaN);
	}

	// The first `leftAligned` columns are text, the others numbers.
	private static void table(PrintStream out, List<String[]> cells, int leftAligned, boolean markdown) {
		int[] widths = new int[cells.get(0).length];
		for (String[] line : cells) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		for (int l = 0; l < cells.size(); l++) {
			out.println(line(cells.get(l), widths, leftAligned, markdown));
			if (markdown && l == 0) {
				String[] rule = new String[widths.length];
				for (int i = 0; i < rule.length; i++) {
					rule[i] = (i < leftAligned) ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":";
				}
				out.println(line(rule, widths, leftAligned, true));
			}
		}
	}

	private static String line(String[] cells, int[] widths, int leftAligned, boolean markdown) {
		StringBuilder text = new StringBuilder(markdown ? "| " : "");
		for (int i = 0; i < cells.length; i++) {
			String cell = pad(cells[i], widths[i], i >= leftAligned);
			text.append(cell).append(markdown ? " | " : "  ");
		}
		return text.toString().stripTrailing();
	}

	private static String pad(String cell, int width, boolean right) {
		String space = " ".repeat(width - cell.length());
		return right ? space + cell : cell + space;
	}

	static String number(double value, int decimals) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	/** The store benchmark's figures. */
	private record StoreSection(String loaded, List<StoreBench.QueryFigures> queries, StoreBench.PruneFigures prune,
			Path plans) {
	}

}
