package io.logbatch.parsing;

/**
 * A Kafka record that can never become a {@link LogEvent}. It is bad input: never retried,
 * always dead-lettered with this exception's class and message as the reason.
 */
public class InvalidRecordException extends RuntimeException {

	private final Reason reason;

	public InvalidRecordException(Reason reason, String detail) {
		super(reason.code() + ": " + detail);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why a record was rejected; the code is the first word of the exception message. */
	public enum Reason {

		EMPTY_VALUE("empty-value"), NOT_UTF8("not-utf8"), NOT_JSON_OBJECT("not-json-object"),
		BAD_TIMESTAMP("bad-timestamp"), TOO_LARGE("too-large"), MISSING_EVENT_ID("missing-event-id"),
		BAD_EVENT_ID("bad-event-id"), NO_MATCH("no-match");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		public String code() {
			return this.code;
		}

	}

}
