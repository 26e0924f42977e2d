package io.logbatch.processing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.logbatch.parsing.Levels;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings {@code logbatch.process.*}, immutable once bound and checked as they bind: a level that is
 * not one, a regular expression that does not compile, an unknown built-in pattern fail binding with a
 * message that names the key, so that the command exits 2.
 *
 * @param drop the events to leave out
 * @param redact what to hide in the events kept
 * @param addFields attributes every event gets where it lacks them, by name
 */
public record ProcessSettings(@DefaultValue Drop drop, @DefaultValue Redact redact,
		@Nullable Map<String, String> addFields) {

	static final String PREFIX = "logbatch.process.";

	public ProcessSettings {
		addFields = (addFields != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(addFields)) : Map.of();
		addFields.forEach((name, value) -> require(!name.isBlank() && value != null, PREFIX + "add-fields." + name,
				"must be a name with a text value"));
	}

	/** Whether no rule is set: every event is kept as parsed. */
	public boolean isEmpty() {
		return this.drop.belowLevel() == null && this.drop.rules().isEmpty() && this.redact.fields().isEmpty()
				&& this.redact.patterns().isEmpty() && this.addFields.isEmpty();
	}

	/**
	 * @param belowLevel events under this level are dropped, as normalized: one of TRACE, DEBUG, INFO, WARN,
	 * ERROR, FATAL; null for none
	 * @param rules each a map of an event field or attribute path to a regular expression: an event whose
	 * every named value holds a match of its expression is dropped
	 */
	public record Drop(@Nullable String belowLevel, @Nullable List<Map<String, String>> rules) {

		public Drop {
			if (belowLevel != null && belowLevel.isBlank()) {
				belowLevel = null;
			}
			if (belowLevel != null) {
				String level = Levels.normalize(belowLevel);
				require(LevelRank.of(level) >= 0, PREFIX + "drop.below-level",
						"must be one of " + LevelRank.NAMES + " (or a name the level field accepts, such as warning),"
								+ " was '" + belowLevel + "'");
				belowLevel = level;
			}
			List<Map<String, String>> checked = new ArrayList<>();
			if (rules != null) {
				for (int i = 0; i < rules.size(); i++) {
					Map<String, String> rule = rules.get(i);
					String key = PREFIX + "drop." + ruleName(i);
					require(rule != null && !rule.isEmpty(), key, "must name at least one field");
					rule.forEach((field, regex) -> {
						require(!field.isBlank(), key, "must not have a blank field name");
						compile(key + "." + field, regex);
					});
					checked.add(Collections.unmodifiableMap(new LinkedHashMap<>(rule)));
				}
			}
			rules = List.copyOf(checked);
		}

		/** The name of a rule in configuration and in the counts of filtered events: {@code rules[0]}. */
		static String ruleName(int index) {
			return "rules[" + index + "]";
		}

	}

	/**
	 * @param fields attribute names, matched case-insensitively at any depth, whose values are replaced
	 * @param patterns built-in pattern names, or custom patterns by name, in the order they apply
	 */
	public record Redact(@Nullable List<String> fields, @Nullable List<PatternEntry> patterns) {

		public Redact {
			fields = (fields != null) ? List.copyOf(fields) : List.of();
			for (int i = 0; i < fields.size(); i++) {
				require(!fields.get(i).isBlank(), PREFIX + "redact.fields[" + i + "]", "must not be blank");
			}
			patterns = (patterns != null) ? List.copyOf(patterns) : List.of();
			for (int i = 0; i < patterns.size(); i++) {
				String key = PREFIX + "redact.patterns[" + i + "]";
				PatternEntry entry = patterns.get(i);
				require(!entry.isEmpty(), key, "must be a built-in name or a name: regex entry");
				entry.forEach((name, regex) -> {
					if (regex == null) {
						require(BuiltInPattern.named(name) != null, key, "must be one of " + BuiltInPattern.names()
								+ ", or a name: regex entry, was '" + name + "'");
					}
					else {
						require(!name.isBlank(), key, "must not have a blank pattern name");
						Pattern pattern = compile(key + "." + name, regex);
						require(!pattern.matcher("").matches(), key + "." + name,
								"must not match the empty text, was '" + regex + "'");
					}
				});
			}
		}

	}

	/**
	 * One element of {@code redact.patterns} as Spring Boot's binder gives it. A YAML list there mixes plain
	 * names and one-entry maps ({@code [email, {api-key: "sk-[a-z0-9]{20,}"}]}), which neither
	 * {@code List<String>} nor {@code List<Map<String, String>>} binds: the binder binds an element that has
	 * keys under it (YAML, {@code --...patterns[1].api-key=...}, {@code ..._PATTERNS_1_APIKEY}) as a map, and
	 * converts a plain value ({@code patterns[0]=email}, or each of {@code patterns=email,jwt}) through the
	 * constructor that takes a name. A plain name maps to null.
	 */
	public static final class PatternEntry extends LinkedHashMap<String, @Nullable String> {

		private static final long serialVersionUID = 1L;

		/** An entry the binder fills with {@code name: regex} pairs. */
		public PatternEntry() {
		}

		/** A built-in pattern by name. */
		public PatternEntry(String builtInName) {
			put(builtInName.strip(), null);
		}

	}

	static Pattern compile(String key, @Nullable String regex) {
		require(regex != null, key, "must be a regular expression");
		try {
			return Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalArgumentException(key + " must be a Java regular expression: " + ex.getDescription()
					+ " near index " + ex.getIndex() + ", was '" + regex + "'");
		}
	}

	private static void require(boolean condition, String key, String problem) {
		if (!condition) {
			throw new IllegalArgumentException(key + " " + problem);
		}
	}

}
