package io.logbatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns of text for command output: padded to the widest cell, numbers right-aligned. */
final class TextTable {

	private final List<String[]> lines = new ArrayList<>();

	private final boolean[] numeric;

	/** @param headers the column names; a name starting with {@code #} is a number column */
	TextTable(String... headers) {
		this.numeric = new boolean[headers.length];
		String[] names = new String[headers.length];
		for (int i = 0; i < headers.length; i++) {
			this.numeric[i] = headers[i].startsWith("#");
			names[i] = this.numeric[i] ? headers[i].substring(1) : headers[i];
		}
		this.lines.add(names);
	}

	void add(String... cells) {
		if (cells.length != this.numeric.length) {
			throw new IllegalArgumentException("A row of " + this.numeric.length + " cells has " + cells.length);
		}
		this.lines.add(cells);
	}

	void print(PrintStream out) {
		lines().forEach(out::println);
	}

	/** The header, then a line per row, as {@link #print} prints them. */
	List<String> lines() {
		int[] widths = new int[this.numeric.length];
		for (String[] line : this.lines) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		List<String> text = new ArrayList<>();
		for (String[] line : this.lines) {
			StringBuilder columns = new StringBuilder();
			for (int i = 0; i < line.length; i++) {
				String padding = " ".repeat(widths[i] - line[i].length());
				columns.append(this.numeric[i] ? padding + line[i] : line[i] + padding).append("  ");
			}
			text.add(columns.toString().stripTrailing());
		}
		return text;
	}

}
