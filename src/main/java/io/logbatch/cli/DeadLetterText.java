package io.logbatch.cli;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Dead-letter fields made printable on one line of a terminal. */
final class DeadLetterText {

	private static final Pattern SQL_STATEMENT = Pattern.compile("^\\w*Callback; (SQL \\[.*?\\]; )?",
			Pattern.DOTALL);

	private DeadLetterText() {
	}

	/** Control characters as backslash escapes, so that a value stays on its line. */
	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/** At most {@code max} characters, escaped, ending in "..." when cut. */
	static String trim(@Nullable String text, int max) {
		if (text == null) {
			return "-";
		}
		String escaped = escape(text);
		if (escaped.length() <= max) {
			return escaped;
		}
		int end = Character.isHighSurrogate(escaped.charAt(max - 4)) ? max - 4 : max - 3;
		return escaped.substring(0, end) + "...";
	}

	/**
	 * A failure message on one line, without the callback and statement that Spring's JDBC
	 * exceptions start with ({@code PreparedStatementCallback; SQL [...]; },
	 * {@code ConnectionCallback; }): what PostgreSQL said is what explains the failure.
	 */
	static String reason(@Nullable String message, int max) {
		if (message == null) {
			return "-";
		}
		return trim(SQL_STATEMENT.matcher(message).replaceFirst("").replaceAll("\\s+", " ").strip(), max);
	}

	/** The class name without its package. */
	static String simpleName(@Nullable String className) {
		return (className != null) ? className.substring(className.lastIndexOf('.') + 1) : "-";
	}

}
