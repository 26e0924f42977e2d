package io.logbatch.processing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * One rule of {@code drop.rules}: an event is dropped when every named value is present and holds a match
 * of its expression ({@link java.util.regex.Matcher#find}, as Fluent Bit's grep filter, Logstash's
 * {@code =~} and Vector's {@code match} search; anchor with {@code ^...$} to match a whole value). A
 * non-string attribute matches on its JSON text ({@code 503}, {@code true}, {@code {"a":1}}). Immutable and
 * thread-safe.
 */
final class DropRule {

	private final String name;

	private final List<Condition> conditions;

	private final boolean readsAttributes;

	DropRule(String name, Map<String, String> rule) {
		this.name = name;
		List<Condition> conditions = new ArrayList<>();
		rule.forEach((field, regex) -> {
			EventField column = EventField.named(field);
			conditions.add(new Condition(column, (column == null) ? new AttributePath(field) : null,
					Pattern.compile(regex)));
		});
		this.conditions = List.copyOf(conditions);
		this.readsAttributes = this.conditions.stream().anyMatch((condition) -> condition.path() != null);
	}

	/** The rule's name in the counts of filtered events, {@code rules[<index>]}. */
	String name() {
		return this.name;
	}

	boolean matches(LogEvent event, EventAttributes attributes) {
		// columns first: they cost no parsing, and most rules that fail fail there
		for (Condition condition : this.conditions) {
			if (condition.column() != null && !condition.matches(condition.column().of(event))) {
				return false;
			}
		}
		if (!this.readsAttributes) {
			return true;
		}
		for (Condition condition : this.conditions) {
			if (condition.path() != null && !condition.matches(attributes.find(condition.path()))) {
				return false;
			}
		}
		return true;
	}

	/** One named value and the expression it must hold a match of: a column or an attribute path. */
	private record Condition(@Nullable EventField column, @Nullable AttributePath path, Pattern pattern) {

		boolean matches(@Nullable String value) {
			return value != null && this.pattern.matcher(value).find();
		}

		boolean matches(@Nullable JsonNode value) {
			if (value == null) {
				return false;
			}
			return matches(value.isString() ? value.stringValue() : value.toString());
		}

	}

}
