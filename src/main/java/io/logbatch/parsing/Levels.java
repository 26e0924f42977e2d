package io.logbatch.parsing;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Normalizes log levels to TRACE, DEBUG, INFO, WARN, ERROR or FATAL, case-insensitively, with the common
 * spellings {@code warning}, {@code err} and {@code critical} folded in. A missing or blank level is INFO;
 * any other level is kept, trimmed and upper-cased.
 */
final class Levels {

	static final String DEFAULT = "INFO";

	private Levels() {
	}

	static String normalize(@Nullable String level) {
		if (level == null) {
			return DEFAULT;
		}
		// Locale.ROOT: with a Turkish default locale "info" would otherwise become "İNFO".
		String upper = level.strip().toUpperCase(Locale.ROOT);
		return switch (upper) {
			case "TRACE" -> "TRACE";
			case "DEBUG" -> "DEBUG";
			case "", "INFO" -> DEFAULT;
			case "WARN", "WARNING" -> "WARN";
			case "ERROR", "ERR" -> "ERROR";
			case "FATAL", "CRITICAL" -> "FATAL";
			default -> upper;
		};
	}

}
