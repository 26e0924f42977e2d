package io.logbatch.processing;

/**
 * The order of the six normalized levels, TRACE &lt; DEBUG &lt; INFO &lt; WARN &lt; ERROR &lt; FATAL, which
 * {@code drop.below-level} compares by. Any other level has no rank and is never dropped by level.
 */
final class LevelRank {

	static final String NAMES = "TRACE, DEBUG, INFO, WARN, ERROR, FATAL";

	private LevelRank() {
	}

	/** The rank of a normalized level, 0 for TRACE to 5 for FATAL; -1 for any other level. */
	static int of(String level) {
		return switch (level) {
			case "TRACE" -> 0;
			case "DEBUG" -> 1;
			case "INFO" -> 2;
			case "WARN" -> 3;
			case "ERROR" -> 4;
			case "FATAL" -> 5;
			default -> -1;
		};
	}

}
