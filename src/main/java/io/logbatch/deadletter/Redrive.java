package io.logbatch.deadletter;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * What {@code dlt redrive} did, or in a dry run would do, with one dead letter.
 *
 * @param deadLetter the dead letter
 * @param outcome what happened to it
 * @param republished where it went; null unless it was redriven (and in a dry run)
 */
public record Redrive(DeadLetter deadLetter, Outcome outcome, @Nullable RecordMetadata republished) {

	/** What happens to a dead letter in a redrive. */
	public enum Outcome {

		/** Republished to its original topic (in a dry run: would be). */
		REDRIVEN,
		/** Stays: redriven {@code logbatch.dlt.max-redrives} times already. */
		AT_LIMIT,
		/** Stays: its headers do not say where it came from. */
		NO_ORIGIN,
		/** Republished before, by an earlier redrive or from another copy in the DLT. */
		ALREADY_REDRIVEN,
		/** Stays for a later redrive: the filters do not match it. */
		NOT_MATCHING

	}

}
