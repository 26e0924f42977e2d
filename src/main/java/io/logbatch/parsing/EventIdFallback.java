package io.logbatch.parsing;

/**
 * What {@link LogEventParser} does with a record that carries no usable event id.
 */
public enum EventIdFallback {

	/**
	 * Use the lowercase hex SHA-256 of the raw record value, so that redelivering the same bytes yields the
	 * same id and stays idempotent.
	 */
	CONTENT_HASH,

	/**
	 * Reject the record with {@link InvalidRecordException.Reason#MISSING_EVENT_ID}.
	 */
	REJECT

}
