package io.logbatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Prints the result table and the ratios, as plain text or as Markdown. */
final class Report {

	private static final String[] HEADERS = { "contender", "records/s", "to last write rec/s", "MB/s", "CPU-s/1M",
			"peak RSS MiB", "last write->exit ms", "job s", "wall s",
			"others' CPU %" };

	// Above this, another job shared the cores with a contender.
	private static final double BUSY_MACHINE_PERCENT = 5;

	private final List<Figures> rows = new ArrayList<>();

	private final List<String> ratios = new ArrayList<>();

	void add(Figures figures) {
		this.rows.add(figures);
	}

	/** Adds a ratio of two figures, if both were measured. */
	void ratio(String name, Figures numerator, Figures denominator, ToDoubleFunction<Figures> figure, String target) {
		double ratio = figure.applyAsDouble(numerator) / figure.applyAsDouble(denominator);
		this.ratios.add(String.format(Locale.ROOT, "%-34s %6.2f   (target %s)", name, ratio, target));
	}

	/** Adds the throughput change between a clean and a malformed corpus. */
	/** The change of the records per second from one contender to another, in per cent. */
	void change(String name, Figures before, Figures after, String target) {
		double change = (after.recordsPerSecond() / before.recordsPerSecond() - 1) * 100;
		this.ratios.add(String.format(Locale.ROOT, "%-34s %+6.1f%%  (target %s)", name, change, target));
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
		int[] widths = new int[HEADERS.length];
		for (String[] line : cells) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		for (int l = 0; l < cells.size(); l++) {
			out.println(line(cells.get(l), widths, markdown));
			if (markdown && l == 0) {
				String[] rule = new String[widths.length];
				for (int i = 0; i < rule.length; i++) {
					rule[i] = (i == 0) ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":";
				}
				out.println(line(rule, widths, true));
			}
		}
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
	}

	boolean allCorrect() {
		return this.rows.stream().allMatch((row) -> row.verdict().ok());
	}

	private static String line(String[] cells, int[] widths, boolean markdown) {
		StringBuilder text = new StringBuilder(markdown ? "| " : "");
		for (int i = 0; i < cells.length; i++) {
			String cell = (i == 0) ? pad(cells[i], widths[i], false) : pad(cells[i], widths[i], true);
			text.append(cell).append(markdown ? " | " : "  ");
		}
		return text.toString().stripTrailing();
	}

	private static String pad(String cell, int width, boolean right) {
		String space = " ".repeat(width - cell.length());
		return right ? space + cell : cell + space;
	}

	private static String number(double value, int decimals) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
