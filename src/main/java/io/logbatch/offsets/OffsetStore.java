package io.logbatch.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code consumer_offset} table: the next offset to read per group and partition.
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
		Map<TopicPartition, Long> all = new HashMap<>();
		this.jdbc.query("SELECT topic, partition, next_offset FROM consumer_offset WHERE group_id = ?",
				(rs) -> {
					all.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
				}, groupId);
		all.keySet().retainAll(partitions);
		return all;
	}

	/** Stores the next offset of one partition, never moving it backwards. */
	public void save(String groupId, TopicPartition partition, long nextOffset) {
		this.jdbc.update("""
				INSERT INTO consumer_offset (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)
				ON CONFLICT (group_id, topic, partition)
				DO UPDATE SET next_offset = GREATEST(consumer_offset.next_offset, EXCLUDED.next_offset)
				""", groupId, partition.topic(), partition.partition(), nextOffset);
	}

}
