package io.logbatch.processing;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A compiled pattern of {@code redact.patterns}, replacing each match in a text by
 * {@code [REDACTED:<name>]}. Immutable and thread-safe.
 */
final class RedactPattern {

	private final Pattern pattern;

	private final int group;

	private final @Nullable Predicate<String> mayMatch;

	private final @Nullable Predicate<String> accept;

	private final String replacement;

	/**
	 * @param group the group that holds the secret, 0 for the whole match
	 * @param mayMatch what a text holding a match must contain, to skip texts without it; null for a pattern
	 * that may match anything
	 * @param accept a check a match must also pass; null for none
	 */
	RedactPattern(String name, Pattern pattern, int group, @Nullable Predicate<String> mayMatch,
			@Nullable Predicate<String> accept) {
		this.pattern = pattern;
		this.group = group;
		this.mayMatch = mayMatch;
		this.accept = accept;
		this.replacement = "[REDACTED:" + name + "]";
	}

	/** A pattern of the configuration, {@code name: regex}, replacing whole matches. */
	static RedactPattern custom(String name, Pattern pattern) {
		return new RedactPattern(name, pattern, 0, null, null);
	}

	/**
	 * Whether a text may hold a match; false only when it cannot. Also true of the JSON text of attributes
	 * when one of their strings may hold a match.
	 */
	boolean mayMatch(String text) {
		return this.mayMatch == null || this.mayMatch.test(text);
	}

	/** The text with every match replaced; the same instance when nothing matched. */
	String redact(String text) {
		if (!mayMatch(text)) {
			return text;
		}
		Matcher matcher = this.pattern.matcher(text);
		StringBuilder redacted = null;
		int copied = 0;
		boolean found = matcher.find();
		while (found) {
			int start = matcher.start(this.group);
			int end = matcher.end(this.group);
			if (start < 0 || end == start || (this.accept != null && !this.accept.test(text.substring(start, end)))) {
				// an overlapping candidate may still pass, such as a card number after digits that failed Luhn
				found = matcher.start() < text.length() && matcher.find(matcher.start() + 1);
				continue;
			}
			if (redacted == null) {
				redacted = new StringBuilder(text.length() + 16);
			}
			redacted.append(text, copied, start).append(this.replacement);
			copied = end;
			found = matcher.find();
		}
		if (redacted == null) {
			return text;
		}
		return redacted.append(text, copied, text.length()).toString();
	}

}
