package io.logbatch.deadletter;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.logbatch.deadletter.DeadLetter.Origin;
import io.logbatch.deadletter.InspectedDeadLetter.Redriven;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dlt_redrive} table: which failed records were republished, by their origin.
 * PostgreSQL is the truth of what redrive did, as it is of what a run stored; the redrive
 * group's committed offsets only save rereading. Thread-safe.
 */
class RedriveLedger {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	RedriveLedger(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Records the redrive of a failed record and publishes it, in one transaction that commits
	 * only after the publish is acknowledged. A concurrent redrive of the same record waits for
	 * this transaction and then finds the record redriven; a failed publish rolls the record
	 * back.
	 * @param publish sends the record and awaits the broker's acknowledgement
	 * @return where the record went, or null when it had been redriven already
	 */
	@Nullable RecordMetadata claimAndPublish(Origin origin, int redriveCount, Supplier<RecordMetadata> publish) {
		return this.transaction.execute((status) -> {
			int claimed = this.jdbc.update("""
					INSERT INTO dlt_redrive (original_topic, original_partition, original_offset, redrive_count)
					VALUES (?, ?, ?, ?)
					ON CONFLICT DO NOTHING""", origin.topic(), origin.partition(), origin.offset(), redriveCount);
			if (claimed == 0) {
				return null;
			}
			RecordMetadata published = publish.get();
			this.jdbc.update("""
					UPDATE dlt_redrive SET redriven_partition = ?, redriven_offset = ?
					WHERE original_topic = ? AND original_partition = ? AND original_offset = ?""",
					published.partition(), published.offset(), origin.topic(), origin.partition(), origin.offset());
			return published;
		});
	}

	boolean isRedriven(Origin origin) {
		return !find(List.of(origin)).isEmpty();
	}

	/** Where these failed records were republished; records never redriven are absent. */
	Map<Origin, Redriven> find(Collection<Origin> origins) {
		Map<Origin, Redriven> found = new HashMap<>();
		if (origins.isEmpty()) {
			return found;
		}
		String[] topics = origins.stream().map(Origin::topic).toArray(String[]::new);
		Integer[] partitions = origins.stream().map(Origin::partition).toArray(Integer[]::new);
		Long[] offsets = origins.stream().map(Origin::offset).toArray(Long[]::new);
		this.jdbc.query("""
				SELECT r.original_topic, r.original_partition, r.original_offset, r.redriven_at,
				  r.redriven_partition, r.redriven_offset
				FROM dlt_redrive r
				JOIN unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS bigint[]))
				  AS o (topic, partition, record_offset)
				  ON r.original_topic = o.topic AND r.original_partition = o.partition
				  AND r.original_offset = o.record_offset""", (rs) -> {
			Origin origin = new Origin(rs.getString(1), rs.getInt(2), rs.getLong(3));
			found.put(origin,
					new Redriven(rs.getTimestamp(4).toInstant(), origin.topic(), rs.getInt(5), rs.getLong(6)));
		}, topics, partitions, offsets);
		return found;
	}

}
