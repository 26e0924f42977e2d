package io.logbatch.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.logbatch.deadletter.DeadLetter.Origin;
import org.jspecify.annotations.Nullable;

/**
 * A dead letter as {@code dlt inspect} shows it: the newest copy of a failed record, how many
 * copies the DLT holds, and whether it was redriven. Times are ISO-8601 instants in JSON.
 *
 * @param dltTopic the dead-letter topic
 * @param dltPartition the newest copy's partition there
 * @param dltOffset the newest copy's offset there
 * @param deadLetteredAt when the newest copy was published
 * @param originalTopic the topic of the failed record
 * @param originalPartition its partition
 * @param originalOffset its offset
 * @param timestamp its timestamp
 * @param consumerGroup the group that read it
 * @param exception the fully-qualified class of the failure
 * @param exceptionCause the fully-qualified class of the failure's cause
 * @param message the failure's message
 * @param redriveCount how often the record had been redriven when it failed
 * @param copies how many copies of it the DLT holds (1 when it was dead-lettered once)
 * @param state {@code redrivable}, {@code redriven}, {@code at-limit} (redriven
 * {@code logbatch.dlt.max-redrives} times) or {@code no-origin} (not a dead letter of logbatch)
 * @param redriven when and where it was republished; null if it was not
 * @param key the record's key as UTF-8 text
 * @param valueBytes the size of the record's value; null for a null value
 * @param value the first {@value #VALUE_PREVIEW} characters of the value as UTF-8 text
 */
public record InspectedDeadLetter(String dltTopic, int dltPartition, long dltOffset, Instant deadLetteredAt,
		@Nullable String originalTopic, @Nullable Integer originalPartition, @Nullable Long originalOffset,
		@Nullable Instant timestamp, @Nullable String consumerGroup, @Nullable String exception,
		@Nullable String exceptionCause, @Nullable String message, int redriveCount, int copies, String state,
		@Nullable Redriven redriven, @Nullable String key, @Nullable Integer valueBytes, @Nullable String value) {

	/** How many characters of the value are shown. */
	public static final int VALUE_PREVIEW = 200;

	/** 200 characters take at most 800 bytes in UTF-8: longer values are not decoded whole. */
	private static final int PREVIEW_BYTES = VALUE_PREVIEW * 4;

	/** One copy, before its copies are counted and its redrive is looked up. */
	static InspectedDeadLetter of(DeadLetter deadLetter) {
		Origin origin = deadLetter.origin();
		byte[] key = deadLetter.record().key();
		byte[] value = deadLetter.record().value();
		return new InspectedDeadLetter(deadLetter.record().topic(), deadLetter.record().partition(),
				deadLetter.record().offset(), deadLetter.deadLetteredAt(), (origin != null) ? origin.topic() : null,
				(origin != null) ? origin.partition() : null, (origin != null) ? origin.offset() : null,
				deadLetter.timestamp(), deadLetter.consumerGroup(), deadLetter.exceptionClass(),
				deadLetter.causeClass(), deadLetter.exceptionMessage(), deadLetter.redriveCount(), 1,
				(origin != null) ? "redrivable" : "no-origin", null,
				(key != null) ? new String(key, StandardCharsets.UTF_8) : null,
				(value != null) ? value.length : null, preview(value));
	}

	/** The failed record's origin; null if the headers do not say. */
	@Nullable Origin origin() {
		return (this.originalTopic != null && this.originalPartition != null && this.originalOffset != null)
				? new Origin(this.originalTopic, this.originalPartition, this.originalOffset) : null;
	}

	/** Whether this copy is newer than another copy of the same record. */
	boolean isNewerThan(InspectedDeadLetter other) {
		int byTime = this.deadLetteredAt.compareTo(other.deadLetteredAt);
		return (byTime != 0) ? byTime > 0 : this.dltOffset > other.dltOffset;
	}

	InspectedDeadLetter withCopies(int copies) {
		return new InspectedDeadLetter(this.dltTopic, this.dltPartition, this.dltOffset, this.deadLetteredAt,
				this.originalTopic, this.originalPartition, this.originalOffset, this.timestamp, this.consumerGroup,
				this.exception, this.exceptionCause, this.message, this.redriveCount, copies, this.state,
				this.redriven, this.key, this.valueBytes, this.value);
	}

	/** This dead letter with its state as redrive sees it now. */
	InspectedDeadLetter withState(@Nullable Redriven redriven, int maxRedrives) {
		String state = (redriven != null) ? "redriven"
				: (origin() == null) ? "no-origin" : (this.redriveCount >= maxRedrives) ? "at-limit" : "redrivable";
		return new InspectedDeadLetter(this.dltTopic, this.dltPartition, this.dltOffset, this.deadLetteredAt,
				this.originalTopic, this.originalPartition, this.originalOffset, this.timestamp, this.consumerGroup,
				this.exception, this.exceptionCause, this.message, this.redriveCount, this.copies, state, redriven,
				this.key, this.valueBytes, this.value);
	}

	private static @Nullable String preview(byte @Nullable [] value) {
		if (value == null) {
			return null;
		}
		String text = new String(value, 0, Math.min(value.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
		if (text.length() <= VALUE_PREVIEW) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(VALUE_PREVIEW - 1)) ? VALUE_PREVIEW - 1 : VALUE_PREVIEW;
		return text.substring(0, end);
	}

	/**
	 * Where a redrive republished the record.
	 *
	 * @param at when
	 * @param topic the original topic
	 * @param partition the partition there
	 * @param offset the offset there
	 */
	public record Redriven(Instant at, String topic, int partition, long offset) {
	}

}
