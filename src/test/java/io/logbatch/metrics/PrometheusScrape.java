package io.logbatch.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one scrape of Prometheus' text format holds: each sample name (a histogram's or summary's
 * {@code _count}, {@code _sum}, {@code _bucket} and {@code _max} as they are served) with the label names of
 * its samples.
 */
final class PrometheusScrape {

	/** {@code name{labels} value [timestamp]} or {@code name value [timestamp]}. */
	private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+(\\s+\\S+)?");

	/** {@code name="value"}, the value with its escapes. */
	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

	/**
	 * Labels that Prometheus adds to every sample of a target when it scrapes it: not in the scrape, but
	 * queries may match them.
	 */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private final Map<String, Set<String>> labelsBySample;

	private PrometheusScrape(Map<String, Set<String>> labelsBySample) {
		this.labelsBySample = labelsBySample;
	}

	static PrometheusScrape parse(String text) {
		Map<String, Set<String>> labelsBySample = new TreeMap<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.strip());
			if (!sample.matches()) {
				throw new IllegalArgumentException("not a sample of Prometheus' text format: " + line);
			}
			Set<String> labels = labelsBySample.computeIfAbsent(sample.group(1), (name) -> new TreeSet<>());
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		}
		return new PrometheusScrape(labelsBySample);
	}

	boolean has(String sample) {
		return this.labelsBySample.containsKey(sample);
	}

	/** Whether the samples of a name carry a label, or Prometheus adds it to every sample of the target. */
	boolean has(String sample, String label) {
		return TARGET_LABELS.contains(label) || this.labelsBySample.getOrDefault(sample, Set.of()).contains(label);
	}

	Set<String> samples() {
		return this.labelsBySample.keySet();
	}

	Set<String> labels(String sample) {
		return this.labelsBySample.getOrDefault(sample, Set.of());
	}

}
