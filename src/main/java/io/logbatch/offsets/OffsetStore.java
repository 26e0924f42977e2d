package io.logbatch.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code consumer_offset} table: the next offset to read per group and partition, and the
 * id of the topic it was read from.
 * Writes join the caller's transaction, which is how a chunk's offsets commit with its rows.
 * Thread-safe.
 */
@Component
public class OffsetStore {

	private final JdbcTemplate jdbc;

	public OffsetStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The stored next offsets of a group's partitions; partitions never stored are absent. */
	public Map<TopicPartition, Long> find(String groupId, List<TopicPartition> partitions) {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		findStored(groupId, partitions).forEach((partition, stored) -> offsets.put(partition, stored.nextOffset()));
		return offsets;
	}

	/** The stored next offsets of a group's partitions with their topic ids; partitions never stored are absent. */
	public Map<TopicPartition, StoredOffset> findStored(String groupId, List<TopicPartition> partitions) {
		Map<TopicPartition, StoredOffset> all = findAll(groupId);
		all.keySet().retainAll(partitions);
		return all;
	}

	/** Every stored next offset of a group, with its topic id. */
	Map<TopicPartition, StoredOffset> findAll(String groupId) {
		Map<TopicPartition, StoredOffset> all = new HashMap<>();
		this.jdbc.query("SELECT topic, partition, next_offset, topic_id FROM consumer_offset WHERE group_id = ?",
				(rs) -> {
					all.put(new TopicPartition(rs.getString(1), rs.getInt(2)),
							new StoredOffset(rs.getLong(3), rs.getString(4)));
				}, groupId);
		return all;
	}

	/** Stores the next offset of one partition, never moving it backwards; the topic id is kept as it is. */
	public void save(String groupId, TopicPartition partition, long nextOffset) {
		save(groupId, partition, nextOffset, null);
	}

	/**
	 * Stores the next offset of one partition read from the topic with this id (null: unknown).
	 * It never moves backwards within one topic; an offset of another topic id replaces the
	 * stored one, which belonged to a topic since deleted (see {@link PartitionRanges}).
	 */
	public void save(String groupId, TopicPartition partition, long nextOffset, @Nullable String topicId) {
		this.jdbc.update("""
				INSERT INTO consumer_offset (group_id, topic, partition, next_offset, topic_id) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (group_id, topic, partition)
				DO UPDATE SET next_offset = CASE
						WHEN EXCLUDED.topic_id IS NOT NULL AND consumer_offset.topic_id IS DISTINCT FROM EXCLUDED.topic_id
						THEN EXCLUDED.next_offset
						ELSE GREATEST(consumer_offset.next_offset, EXCLUDED.next_offset) END,
					topic_id = COALESCE(EXCLUDED.topic_id, consumer_offset.topic_id)
				""", groupId, partition.topic(), partition.partition(), nextOffset, topicId);
	}

}
