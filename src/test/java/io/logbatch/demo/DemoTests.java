package io.logbatch.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.logbatch.demo.Demo.Servers;
import io.logbatch.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README shows the demo's output as it is: the demo, run here on the test broker and a database of its
 * own, prints what the README's block holds, line by line, but for what differs from run to run.
 */
class DemoTests {

	/** The first line of the README's demo block. */
	private static final String FIRST_LINE = "logbatch demo: ";

	/** What differs from run to run, and what it becomes on both sides; applied in this order. */
	private static final List<Replacement> VARYING = List.of(
			// times: ISO-8601 (dlt inspect) and the status table's local times
			new Replacement("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?", "<time>"),
			// a run's duration and rate
			new Replacement("in \\d+(\\.\\d+)? s \\(\\d+ records/s\\)", "in <duration>"),
			// the status table's RECORDS/S column: after six counts, before the lag
			new Replacement("(?m)^(\\s*\\d+\\s+\\S+\\s+\\w+\\s+<time>\\s+<time>(\\s+\\d+){6})\\s+\\d+(\\s+\\S+)$",
					"$1 <rate>$3"),
			// the worker, <host>:<pid>, in a run's partition lines and status's WORKER column
			new Replacement("worker \\S+:\\d+", "worker <host:pid>"),
			new Replacement("\\S+:\\d+(?=\\s+<time>)", "<host:pid>"),
			// the servers' ports and the cluster's id
			new Replacement("localhost:\\d+", "localhost:<port>"),
			new Replacement("cluster [\\w-]+", "cluster <id>"),
			// columns whose width follows the values above
			new Replacement("[ \\t]+", " "), new Replacement("(?m) $", ""));

	/**
	 * Lines whose order follows their times (dead letters newest first) or the order in which the DLT's
	 * partitions are read (redrive): compared as a set within each run of them.
	 */
	private static final Pattern UNORDERED = Pattern.compile("^(\\S+-dlt-\\d+@\\d+ |would move |moved |stays ).*");

	@Test
	void printsWhatTheReadmeShows() throws IOException {
		// given the README's block, and servers of the demo's own on the test infrastructure (not an external
		// PostgreSQL: the demo replaces a database named logbatch)
		assumeTrue(TestInfrastructure.ownsPostgres(), "LOGBATCH_TEST_DB_URL names an external PostgreSQL");
		List<String> readme = readmeBlock();
		Servers servers = new Servers(TestInfrastructure.bootstrapServers(),
				Demo.createDatabase(TestInfrastructure.jdbcUrl()));

		// when
		String printed = printed(() -> Demo.walkThrough(() -> servers));

		// then
		assertThat(comparable(printed.lines().toList())).as(printed).isEqualTo(comparable(readme));
	}

	private static List<String> readmeBlock() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		int first = lines.indexOf(lines.stream().filter((line) -> line.startsWith(FIRST_LINE)).findFirst()
			.orElseThrow(() -> new AssertionError("README.md has no block starting with '" + FIRST_LINE + "'")));
		assertThat(lines.get(first - 1)).as("the line before the demo block").isEqualTo("```");
		return lines.subList(first, lines.subList(first, lines.size()).indexOf("```") + first);
	}

	/** Standard output and standard error, together as a terminal shows them. */
	private static String printed(Runnable demo) {
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			System.setOut(capture);
			System.setErr(capture);
			demo.run();
		}
		finally {
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
		return printed.toString(StandardCharsets.UTF_8);
	}

	private static List<String> comparable(List<String> lines) {
		String text = String.join("\n", lines);
		for (Replacement replacement : VARYING) {
			text = text.replaceAll(replacement.regex(), replacement.by());
		}
		List<String> comparable = new ArrayList<>();
		List<String> unordered = new ArrayList<>();
		for (String line : text.lines().toList()) {
			if (UNORDERED.matcher(line).matches()) {
				unordered.add(line);
				continue;
			}
			comparable.addAll(unordered.stream().sorted().toList());
			unordered.clear();
			comparable.add(line);
		}
		comparable.addAll(unordered.stream().sorted().toList());
		return comparable;
	}

	private record Replacement(String regex, String by) {
	}

}
