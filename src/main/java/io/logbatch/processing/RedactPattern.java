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

	private final @Nullable String anchor;

	private final @Nullable Predicate<String> accept;

	private final String replacement;

	/**
	 * @param group the group that holds the secret, 0 for the whole match
	 * @param anchor text every match contains, to skip texts without it; null for none
	 * @param accept a check a match must also pass; null for none
	 */
	RedactPattern(String name, Pattern pattern, int group, @Nullable String anchor,
			@Nullable Predicate<String> accept) {
		this.pattern = pattern;
		this.group = group;
		this.anchor = anchor;
		this.accept = accept;
		this.replacement = "[REDACTED:" + name + "]";
	}

	/** A pattern of the configuration, {@code name: regex}, replacing whole matches. */
	static RedactPattern custom(String name, Pattern pattern) {
		return new RedactPattern(name, pattern, 0, null, null);
	}

	/** The text with every match replaced; the same instance when nothing matched. */
	String redact(String text) {
		if (this.anchor != null && !text.contains(this.anchor)) {
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
