package io.logbatch.bench;

import java.util.List;

/**
 * The processing rules of {@code bench/run --rules}: a typical configuration of SPEC "Processing", passed
 * to logbatch's {@code run} as arguments, and which corpus events it drops.
 * <p>
 * It drops events below INFO (the corpus's DEBUG events, about 8%) and, by one rule over two fields, the
 * 404 answers to GET requests (about 2.5%); redacts the attributes {@code password} and
 * {@code authorization} and the {@code email}, {@code credit-card} and {@code bearer-token} patterns (the
 * corpus has none of them: redaction costs its scan of every message and string attribute); and adds
 * {@code env: bench} to every event.
 */
final class BenchRules {

	static final String ADDED_FIELD = "env";

	static final String ADDED_VALUE = "bench";

	private BenchRules() {
	}

	/** The rules as {@code --key=value} arguments of {@code run}. */
	static List<String> jobArguments() {
		return List.of("--logbatch.process.drop.below-level=INFO",
				"--logbatch.process.drop.rules[0][http.method]=^GET$",
				"--logbatch.process.drop.rules[0][http.status]=^404$",
				"--logbatch.process.redact.fields[0]=password", "--logbatch.process.redact.fields[1]=authorization",
				"--logbatch.process.redact.patterns[0]=email", "--logbatch.process.redact.patterns[1]=credit-card",
				"--logbatch.process.redact.patterns[2]=bearer-token",
				"--logbatch.process.add-fields." + ADDED_FIELD + "=" + ADDED_VALUE);
	}

	/** Whether the rules drop the event. */
	static boolean drops(CorpusEvent event) {
		return "DEBUG".equals(event.level()) || ("GET".equals(event.method()) && event.status() == 404);
	}

}
