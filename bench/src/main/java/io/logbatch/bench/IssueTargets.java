package io.logbatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * The figures that issue 16 ("Throughput near the PostgreSQL ceiling") sets targets on, gathered from the
 * runs of one invocation as they end, and its tables: each target with what was measured and whether it
 * is met (or why it was not run); the same figures for every logbatch run of the invocation beside the
 * JSON run (variants, formats, rules, the large corpus, the malformed cost); and the small runs.
 */
final class IssueTargets {

	private static final String[] TARGET_HEADERS = { "measure", "measured", "target", "met" };

	private static final String[] RUN_HEADERS = { "run", "records", "events/s", "vs logbatch", "vs COPY 2 conn",
			"vs textbook", "CPU-s/1M", "peak RSS MiB", "last write->exit ms", "others' CPU %" };

	private static final String[] SMALL_HEADERS = { "small run", "records", "wall s", "CPU s", "peak RSS MiB",
			"last write->exit ms", "job s", "others' CPU %" };

	private final Plan plan;

	private @Nullable Figures logbatch;

	private @Nullable Figures textbook;

	private @Nullable Figures copy;

	private @Nullable Figures largeLogbatch;

	private @Nullable Figures largeCopy;

	/** The clean and the 1%-malformed runs of --malformed-cost, round by round. */
	private final List<Figures> clean = new ArrayList<>();

	private final List<Figures> malformed = new ArrayList<>();

	private final List<Row> runs = new ArrayList<>();

	private final List<Figures> ownRuns = new ArrayList<>();

	private final List<SmallRuns.Run> smallRuns = new ArrayList<>();

	IssueTargets(Plan plan) {
		this.plan = plan;
	}

	/** logbatch's run (of --jar) on the main corpus. */
	void logbatch(Figures figures) {
		this.logbatch = figures;
		own(figures);
		this.runs.add(0, new Row(figures.contender(), this.plan.records(), figures.recordsPerSecond(),
				figures.cpuSecondsPerMillion(), figures, false));
	}

	/** Another run of --jar on the main corpus, which counts for peak RSS and last write to exit. */
	void own(Figures figures) {
		this.ownRuns.add(figures);
	}

	/** A run of logbatch from another jar on the main corpus. */
	void variant(Figures figures) {
		this.runs.add(new Row(figures.contender(), this.plan.records(), figures.recordsPerSecond(),
				figures.cpuSecondsPerMillion(), figures, false));
	}

	/** A run of the formats comparison (of --jar). */
	void format(FormatFigures figures) {
		own(figures.figures());
		this.runs.add(new Row("logbatch, " + FormatRuns.label(figures), figures.corpus().records(),
				figures.eventsPerSecond(), figures.cpuSecondsPerMillionEvents(), figures.figures(), false));
	}

	void textbook(Figures figures) {
		this.textbook = figures;
	}

	void copy(Figures figures) {
		this.copy = figures;
	}

	void large(Figures figures) {
		this.largeLogbatch = figures;
		own(figures);
		this.runs.add(new Row(figures.contender(), this.plan.largeRecords(), figures.recordsPerSecond(),
				figures.cpuSecondsPerMillion(), figures, true));
	}

	void largeCopy(Figures figures) {
		this.largeCopy = figures;
	}

	/** The runs of each round on the clean and on the 1%-malformed corpus, in the same order. */
	void malformedCost(List<Figures> cleanRuns, List<Figures> malformedRuns) {
		if (cleanRuns.size() != malformedRuns.size()) {
			throw new IllegalArgumentException("a malformed run for each clean one");
		}
		this.clean.addAll(cleanRuns);
		this.malformed.addAll(malformedRuns);
		for (int round = 0; round < cleanRuns.size(); round++) {
			for (Figures figures : List.of(cleanRuns.get(round), malformedRuns.get(round))) {
				own(figures);
				this.runs.add(new Row(figures.contender(), this.plan.records(), figures.recordsPerSecond(),
						figures.cpuSecondsPerMillion(), figures, false));
			}
		}
	}

	void smallRuns(List<SmallRuns.Run> runs) {
		this.smallRuns.addAll(runs);
		runs.forEach((run) -> own(run.figures()));
	}

	boolean allCorrect() {
		return this.smallRuns.stream().allMatch((run) -> run.figures().verdict().ok());
	}

	/** The checks of the runs that only these tables show. */
	List<String> verdicts() {
		return this.smallRuns.stream().map((run) -> "small run, " + run.name() + ": " + run.figures().verdict()).toList();
	}

	/** Each target: measure, measured, target, met. */
	List<String[]> targets() {
		List<String[]> cells = new ArrayList<>();
		cells.add(TARGET_HEADERS);
		String corpus = corpus(this.plan.records());
		String large = corpus(this.plan.largeRecords());
		cells.add(ratio("logbatch / COPY only with 2 connections, " + corpus, this.logbatch, this.copy, 0.55,
				this.plan.copy() ? null : "--skip-copy"));
		cells.add(ratio("logbatch / textbook, " + corpus, this.logbatch, this.textbook, 2.5,
				this.plan.textbook() ? null : "--skip-textbook"));
		String largeSkipped = (this.plan.largeRecords() == 0) ? "--large-records 0"
				: this.plan.copy() ? null : "--skip-copy";
		cells.add(ratio("logbatch / COPY only with 2 connections, " + large, this.largeLogbatch, this.largeCopy,
				0.70, largeSkipped));
		cells.add(atMost("JVM CPU-s per 1M records, " + corpus, this.logbatch, Figures::cpuSecondsPerMillion, 15,
				null));
		cells.add(atMost("JVM CPU-s per 1M records, " + large, this.largeLogbatch, Figures::cpuSecondsPerMillion, 7,
				(this.plan.largeRecords() == 0) ? "--large-records 0" : null));
		cells.add(malformedCost());
		cells.add(smallRun());
		cells.add(highest("peak RSS MiB, any run", Figures::peakRssMebibytes, 512));
		cells.add(highest("last write to exit ms, any run", Figures::lastWriteToExitMillis, 200));
		return cells;
	}

	/** The same figures for every logbatch run on a corpus of the main shape. */
	List<String[]> runs() {
		List<String[]> cells = new ArrayList<>();
		cells.add(RUN_HEADERS);
		for (Row row : this.runs) {
			Figures copyRun = row.large() ? this.largeCopy : this.copy;
			cells.add(new String[] { row.name(), Report.number(row.records(), 0), Report.number(row.perSecond(), 0),
					Report.number(perSecondOf(this.logbatch, row), 2), Report.number(perSecondOf(copyRun, row), 2),
					row.large() ? "-" : Report.number(perSecondOf(this.textbook, row), 2),
					Report.number(row.cpuPerMillion(), 1), Report.number(row.figures().peakRssMebibytes(), 0),
					Report.number(row.figures().lastWriteToExitMillis(), 0),
					Report.number(row.figures().otherCpuPercent(), 1) });
		}
		return cells;
	}

	/** The small runs, catch-up included. */
	List<String[]> smallRunTable() {
		List<String[]> cells = new ArrayList<>();
		cells.add(SMALL_HEADERS);
		for (SmallRuns.Run run : this.smallRuns) {
			Figures figures = run.figures();
			cells.add(new String[] { run.name(), Report.number(run.records(), 0), Report.number(figures.wallSeconds(), 2),
					Report.number(run.cpuSeconds(), 2), Report.number(figures.peakRssMebibytes(), 0),
					Report.number(figures.lastWriteToExitMillis(), 0), Report.number(figures.jobSeconds(), 2),
					Report.number(figures.otherCpuPercent(), 1) });
		}
		return cells;
	}

	boolean hasRuns() {
		return !this.runs.isEmpty();
	}

	boolean hasSmallRuns() {
		return !this.smallRuns.isEmpty();
	}

	/** The median and range of the timed small runs' wall time, CPU time and peak RSS. */
	String smallRunSummary() {
		List<SmallRuns.Run> timed = timedSmallRuns();
		return String.format(Locale.ROOT, "%d timed runs of %,d new records over %d partitions, JVM start to exit: "
				+ "wall %s s, CPU %s s, peak RSS %s MiB (median, min-max)", timed.size(), SmallRuns.NEW_RECORDS,
				SmallRuns.PARTITIONS, spread(timed, (run) -> run.figures().wallSeconds(), 2),
				spread(timed, SmallRuns.Run::cpuSeconds, 2), spread(timed, (run) -> run.figures().peakRssMebibytes(), 0));
	}

	private String[] ratio(String measure, @Nullable Figures numerator, @Nullable Figures denominator, double target,
			@Nullable String skippedBy) {
		String goal = String.format(Locale.ROOT, ">= %.2f", target);
		if (numerator == null || denominator == null) {
			return notRun(measure, goal, skippedBy);
		}
		double ratio = numerator.recordsPerSecond() / denominator.recordsPerSecond();
		return new String[] { measure, String.format(Locale.ROOT, "%.2f (%s / %s records/s)", ratio,
				Report.number(numerator.recordsPerSecond(), 0), Report.number(denominator.recordsPerSecond(), 0)), goal,
				met(ratio >= target) };
	}

	private String[] atMost(String measure, @Nullable Figures figures, ToDoubleFunction<Figures> figure, double target,
			@Nullable String skippedBy) {
		String goal = "<= " + Report.number(target, 0);
		if (figures == null) {
			return notRun(measure, goal, skippedBy);
		}
		double value = figure.applyAsDouble(figures);
		return new String[] { measure, Report.number(value, 1), goal, met(value <= target) };
	}

	/** The mean of the rounds' changes, each round's in brackets when there are several. */
	private String[] malformedCost() {
		String measure = "1% malformed against a clean corpus, " + corpus(this.plan.records());
		if (this.clean.isEmpty()) {
			return notRun(measure, ">= -5%", this.plan.malformedCost() ? null : "no --malformed-cost");
		}
		List<String> rounds = new ArrayList<>();
		double sum = 0;
		for (int round = 0; round < this.clean.size(); round++) {
			double cleanRate = this.clean.get(round).recordsPerSecond();
			double malformedRate = this.malformed.get(round).recordsPerSecond();
			double change = (malformedRate / cleanRate - 1) * 100;
			sum += change;
			rounds.add(String.format(Locale.ROOT, "%+.1f%% (%s -> %s)", change, Report.number(cleanRate, 0),
					Report.number(malformedRate, 0)));
		}
		double mean = sum / this.clean.size();
		String measured = (rounds.size() == 1) ? rounds.get(0).replace(")", " records/s)")
				: String.format(Locale.ROOT, "%+.1f%%, mean of %d rounds: %s records/s", mean, rounds.size(),
						String.join(", ", rounds));
		return new String[] { measure, measured, ">= -5%", met(mean >= -5) };
	}

	private String[] smallRun() {
		String measure = "wall time of a run of " + Report.number(SmallRuns.NEW_RECORDS, 0) + " new records over "
				+ SmallRuns.PARTITIONS + " partitions, JVM start included, s";
		List<SmallRuns.Run> timed = timedSmallRuns();
		if (timed.isEmpty()) {
			return notRun(measure, "<= 4", this.plan.smallRun() ? null : "no --small-run");
		}
		double median = median(timed.stream().mapToDouble((run) -> run.figures().wallSeconds()).toArray());
		return new String[] { measure, String.format(Locale.ROOT, "median %s over %d runs",
				spread(timed, (run) -> run.figures().wallSeconds(), 2), timed.size()), "<= 4", met(median <= 4) };
	}

	// the highest of a figure over every run of --jar that has it
	private String[] highest(String measure, ToDoubleFunction<Figures> figure, double target) {
		String goal = "<= " + Report.number(target, 0);
		List<Figures> measured = this.ownRuns.stream().filter((run) -> !Double.isNaN(figure.applyAsDouble(run))).toList();
		if (measured.isEmpty()) {
			return notRun(measure, goal, null);
		}
		Figures top = measured.stream().max(Comparator.comparingDouble(figure)).orElseThrow();
		double lowest = measured.stream().mapToDouble(figure).min().orElseThrow();
		double value = figure.applyAsDouble(top);
		return new String[] { measure, String.format(Locale.ROOT, "%s (%s); %s-%s over %d runs", Report.number(value, 0),
				top.contender(), Report.number(lowest, 0), Report.number(value, 0), measured.size()), goal,
				met(value <= target) };
	}

	private List<SmallRuns.Run> timedSmallRuns() {
		return this.smallRuns.stream().filter(SmallRuns.Run::timed).toList();
	}

	private static double perSecondOf(@Nullable Figures reference, Row row) {
		return (reference == null) ? Double.NaN : row.perSecond() / reference.recordsPerSecond();
	}

	private static String[] notRun(String measure, String goal, @Nullable String skippedBy) {
		return new String[] { measure, (skippedBy != null) ? "not run (" + skippedBy + ")" : "not measured", goal,
				"skipped" };
	}

	private static String met(boolean met) {
		return met ? "yes" : "NO";
	}

	// "1M corpus", "4M corpus", "20,000-record corpus"
	private static String corpus(long records) {
		return (records % 1_000_000 == 0 && records > 0) ? (records / 1_000_000) + "M corpus"
				: Report.number(records, 0) + "-record corpus";
	}

	private static <T> String spread(List<T> runs, ToDoubleFunction<T> figure, int decimals) {
		double[] values = runs.stream().mapToDouble(figure).toArray();
		return String.format(Locale.ROOT, "%s (%s-%s)", Report.number(median(values), decimals),
				Report.number(Arrays.stream(values).min().orElse(Double.NaN), decimals),
				Report.number(Arrays.stream(values).max().orElse(Double.NaN), decimals));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n == 0) ? Double.NaN : (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * What the invocation was asked to run, which says why a target has no figure.
	 *
	 * @param records the main corpus's records
	 * @param largeRecords the large corpus's records, 0 when it is not run
	 * @param textbook whether the textbook job runs
	 * @param copy whether the COPY-only loads run
	 * @param malformedCost whether the clean and 1%-malformed corpora run
	 * @param smallRun whether the small runs run
	 */
	record Plan(long records, long largeRecords, boolean textbook, boolean copy, boolean malformedCost,
			boolean smallRun) {
	}

	/**
	 * A row of the runs table.
	 *
	 * @param perSecond events (records, but for OTLP) per second of the job
	 * @param cpuPerMillion the job JVM's CPU seconds per million events
	 * @param large whether it ran on the large corpus
	 */
	private record Row(String name, long records, double perSecond, double cpuPerMillion, Figures figures,
			boolean large) {
	}

}
