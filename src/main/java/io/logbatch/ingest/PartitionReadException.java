package io.logbatch.ingest;

/**
 * Reading a partition failed, for a reason that is not one record's content: the broker, the
 * consumer, or an {@link Error} while parsing. It is never skipped, since no record is
 * identified to skip, and reading again starts where it failed: it is retried when its cause
 * is transient, and otherwise fails the step, ready for a restart.
 */
class PartitionReadException extends RuntimeException {

	PartitionReadException(String message, Throwable cause) {
		super(message, cause);
	}

}
