package io.logbatch.scheduling;

/**
 * An operation named an execution that does not exist or whose state does not allow it, such
 * as restarting a COMPLETED execution. The message says which and what to do instead.
 */
public class ExecutionStateException extends RuntimeException {

	ExecutionStateException(String message) {
		super(message);
	}

	static ExecutionStateException noSuch(long executionId) {
		return new ExecutionStateException("there is no execution " + executionId + " of the ingestion job");
	}

}
