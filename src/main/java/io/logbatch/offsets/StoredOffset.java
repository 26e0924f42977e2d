package io.logbatch.offsets;

import org.jspecify.annotations.Nullable;

/**
 * A partition's next offset as {@code consumer_offset} holds it, with the id of the topic it
 * was read from ({@code TopicDescription.topicId()}), or null if a version before topic ids
 * stored it.
 */
public record StoredOffset(long nextOffset, @Nullable String topicId) {

	/**
	 * Whether this offset may be read on from in the topic that has this id and end offset now.
	 * Two known ids that differ say the topic was deleted and re-created, and the offset belongs
	 * to the old one. With either id unknown, an offset past the end cannot belong to the
	 * topic: it was re-created (or truncated), and an offset inside the range is taken as its own.
	 */
	public boolean isOf(@Nullable String topicId, long endOffset) {
		if (this.topicId != null && topicId != null) {
			return this.topicId.equals(topicId);
		}
		return this.nextOffset <= endOffset;
	}

}
