package io.logbatch.deadletter;

import java.time.Instant;
import java.util.List;

import io.logbatch.parsing.InvalidRecordException;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters {@code dlt inspect} shows and {@code dlt redrive} moves.
 *
 * @param exceptions matches a dead letter whose exception or cause has one of these classes,
 * fully qualified or simple; for logbatch's own {@link InvalidRecordException} a reason code
 * such as {@code bad-timestamp} matches too, and for a row PostgreSQL rejected (a message
 * {@code SQLSTATE 23514: ...}) the reason {@code sqlstate-23514}. Empty: every exception.
 * @param since matches a record whose original timestamp is this instant or later; null: any
 * @param until matches a record whose original timestamp is before this instant; null: any
 */
public record DeadLetterFilter(List<String> exceptions, @Nullable Instant since, @Nullable Instant until) {

	/** The prefix of the reason a row PostgreSQL rejected is counted under, before its SQLSTATE. */
	private static final String SQLSTATE_REASON = "sqlstate-";

	/** Every dead letter. */
	public static final DeadLetterFilter ALL = new DeadLetterFilter(List.of(), null, null);

	public DeadLetterFilter {
		exceptions = exceptions.stream().map(String::strip).filter((exception) -> !exception.isEmpty()).toList();
		if (since != null && until != null && !since.isBefore(until)) {
			throw new IllegalArgumentException("--since " + since + " must be before --until " + until);
		}
	}

	public boolean matches(DeadLetter deadLetter) {
		return matchesException(deadLetter) && matchesTime(deadLetter.timestamp());
	}

	private boolean matchesException(DeadLetter deadLetter) {
		if (this.exceptions.isEmpty()) {
			return true;
		}
		for (String wanted : this.exceptions) {
			if (isClass(deadLetter.exceptionClass(), wanted) || isClass(deadLetter.causeClass(), wanted)
					|| hasReason(deadLetter, wanted)) {
				return true;
			}
		}
		return false;
	}

	private boolean matchesTime(@Nullable Instant timestamp) {
		if (this.since == null && this.until == null) {
			return true;
		}
		return timestamp != null && (this.since == null || !timestamp.isBefore(this.since))
				&& (this.until == null || timestamp.isBefore(this.until));
	}

	private static boolean isClass(@Nullable String className, String wanted) {
		if (className == null) {
			return false;
		}
		String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
		return className.equals(wanted) || simpleName.equals(wanted)
				|| className.substring(className.lastIndexOf('.') + 1).equals(wanted);
	}

	private static boolean hasReason(DeadLetter deadLetter, String code) {
		String message = deadLetter.exceptionMessage();
		if (message == null) {
			return false;
		}
		if (code.regionMatches(true, 0, SQLSTATE_REASON, 0, SQLSTATE_REASON.length())) {
			return message.startsWith("SQLSTATE " + code.substring(SQLSTATE_REASON.length()) + ":");
		}
		return InvalidRecordException.class.getName().equals(deadLetter.exceptionClass())
				&& message.startsWith(code + ":");
	}

}
