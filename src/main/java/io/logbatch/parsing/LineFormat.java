package io.logbatch.parsing;

import java.time.Instant;

/**
 * A format of one text line, whether the line is a whole record value ({@link LineParser}) or the message
 * of a JSON envelope ({@link EnvelopeParser}): {@code syslog}, {@code clf} and {@code pattern}.
 * Implementations are immutable and thread-safe.
 */
interface LineFormat {

	/** The format's configured name, for messages. */
	String name();

	/**
	 * Reads one line, without its trailing line break.
	 * @param line the line; it may hold further line breaks (a stack trace)
	 * @param reference the Kafka record timestamp, which completes a time written without its year or date
	 * @return the line's fields
	 * @throws InvalidRecordException with {@link InvalidRecordException.Reason#NO_MATCH} if the line does not
	 * fit the format, or another reason for a field that can never be stored (a bad timestamp)
	 */
	ParsedLine read(String line, Instant reference);

	/** The line without the line breaks that end it. */
	static String withoutLineBreak(String line) {
		int end = line.length();
		while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
			end--;
		}
		return (end == line.length()) ? line : line.substring(0, end);
	}

}
