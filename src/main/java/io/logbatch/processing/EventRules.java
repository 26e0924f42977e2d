package io.logbatch.processing;

import io.logbatch.parsing.ParsedRecord;

/**
 * The processing rules of {@code logbatch.process.*}, applied to the events of each record after parsing
 * and before writing. Immutable and thread-safe: the read-ahead threads share one.
 */
public final class EventRules {

	private static final EventRules NONE = new EventRules();

	private EventRules() {
	}

	/** No rule at all: every event is kept as parsed. */
	public static EventRules none() {
		return NONE;
	}

	/** The record with the events that the rules keep, changed as the rules say, and what they dropped. */
	public ParsedRecord apply(ParsedRecord record) {
		return record;
	}

}
