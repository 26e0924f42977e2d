package io.logbatch.parsing;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Normalizes log levels to TRACE, DEBUG, INFO, WARN, ERROR or FATAL, case-insensitively, with the names
 * other ecosystems use folded in: {@code verbose} (Serilog, .NET) is TRACE; {@code information} (.NET) and
 * {@code informational} (syslog) are INFO; {@code warning} is WARN; {@code err} (syslog) is ERROR;
 * {@code critical}, {@code crit}, {@code alert}, {@code emerg}, {@code emergency} (syslog) and
 * {@code panic} (Go's zap and logrus) are FATAL. A missing or blank level is INFO; any other level is
 * kept, trimmed and upper-cased. Public for the processing rules, whose {@code drop.below-level} names a
 * level the same way.
 */
public final class Levels {

	static final String DEFAULT = "INFO";

	private Levels() {
	}

	/** The level as stored: one of the six names, or any other level trimmed and upper-cased. */
	public static String normalize(@Nullable String level) {
		if (level == null) {
			return DEFAULT;
		}
		// Locale.ROOT: with a Turkish default locale "info" would otherwise become "İNFO".
		String upper = level.strip().toUpperCase(Locale.ROOT);
		return switch (upper) {
			case "TRACE", "VERBOSE" -> "TRACE";
			case "DEBUG" -> "DEBUG";
			case "", "INFO", "INFORMATION", "INFORMATIONAL" -> DEFAULT;
			case "WARN", "WARNING" -> "WARN";
			case "ERROR", "ERR" -> "ERROR";
			case "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC" -> "FATAL";
			default -> upper;
		};
	}

}
