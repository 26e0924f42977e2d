package io.logbatch.deadletter;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.logbatch.deadletter.DeadLetter.Origin;
import io.logbatch.deadletter.InspectedDeadLetter.Redriven;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Reads dead-letter topics whole ({@code dlt inspect}) without a consumer group, so that no
 * group's offsets move, and shows one line per failed record: its newest copy and how many
 * copies the DLT holds. Thread-safe.
 */
public class DeadLetterInspector {

	private final DeadLetterTopics topics;

	private final Supplier<DeadLetterConsumer> consumers;

	private final RedriveLedger ledger;

	private final int maxRedrives;

	/** @param consumers opens a consumer without a group */
	DeadLetterInspector(DeadLetterTopics topics, Supplier<DeadLetterConsumer> consumers, RedriveLedger ledger,
			int maxRedrives) {
		this.topics = topics;
		this.consumers = consumers;
		this.ledger = ledger;
		this.maxRedrives = maxRedrives;
	}

	/**
	 * The dead letters of one topic (a source topic or its DLT), or of every configured topic
	 * when it is null, that match the filter: the newest {@code limit}, newest first.
	 * @throws DeadLetterTopics.UnknownTopicException if a DLT does not exist
	 */
	public Inspection inspect(@Nullable String topic, DeadLetterFilter filter, int limit) {
		List<TopicPartition> partitions = this.topics.partitions(topic);
		Map<Object, InspectedDeadLetter> newest = new HashMap<>();
		int[] copies = { 0 };
		try (DeadLetterConsumer consumer = this.consumers.get()) {
			consumer.read(consumer.wholeRanges(partitions), (record) -> {
				DeadLetter deadLetter = DeadLetter.of(record);
				if (filter.matches(deadLetter)) {
					copies[0]++;
					newest.merge(deadLetter.identity(), InspectedDeadLetter.of(deadLetter),
							(known, copy) -> (copy.isNewerThan(known) ? copy : known).withCopies(known.copies() + 1));
				}
			});
		}
		List<InspectedDeadLetter> shown = newest.values()
			.stream()
			.sorted(Comparator.comparing(InspectedDeadLetter::deadLetteredAt)
				.thenComparing(InspectedDeadLetter::dltTopic)
				.thenComparing(InspectedDeadLetter::dltPartition)
				.thenComparing(InspectedDeadLetter::dltOffset)
				.reversed())
			.limit(limit)
			.toList();
		Map<Origin, Redriven> redriven = this.ledger
			.find(shown.stream().map(InspectedDeadLetter::origin).filter(Objects::nonNull).toList());
		List<InspectedDeadLetter> resolved = shown.stream()
			.map((deadLetter) -> deadLetter.withState(
					(deadLetter.origin() != null) ? redriven.get(deadLetter.origin()) : null, this.maxRedrives))
			.toList();
		List<String> deadLetterTopics = partitions.stream().map(TopicPartition::topic).distinct().toList();
		return new Inspection(deadLetterTopics, resolved, newest.size(), copies[0]);
	}

}
