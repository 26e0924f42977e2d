package io.logbatch.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * logbatch's meters, all tagged with the consumer group:
 * <ul>
 * <li>{@value #RECORDS} (Prometheus: {@code logbatch_records_total}), a counter of records by
 * {@code topic}, {@code outcome} ({@code written}, {@code duplicate}, {@code filtered},
 * {@code dead_lettered}, {@code dropped}, {@code lost}) and {@code reason} (why a record was dead-lettered,
 * or the processing rule that filtered an event: {@code below-level}, {@code rules[0]}, ...;
 * {@value #NO_REASON} for the other outcomes, as Prometheus wants every series of a name to
 * carry the same tags);</li>
 * <li>{@value #LAG}, a gauge per {@code topic} and {@code partition}: the records after the
 * group's stored next offset when the last run ended.</li>
 * </ul>
 * Thread-safe.
 */
@Component
public class RecordMetrics {

	public static final String RECORDS = "logbatch.records";

	public static final String LAG = "logbatch.consumer.lag";

	public static final String NO_REASON = "none";

	private final MeterRegistry registry;

	private final String groupId;

	private final MultiGauge lag;

	RecordMetrics(MeterRegistry registry, LogbatchProperties properties) {
		this.registry = registry;
		this.groupId = properties.groupId();
		this.lag = MultiGauge.builder(LAG)
			.description("Records after the consumer group's stored next offset, when the last run ended")
			.register(registry);
	}

	/**
	 * Adds records of a topic that ended with an outcome; a dead letter's reason or a filtering rule, else
	 * {@link #NO_REASON}.
	 */
	public void count(String topic, Outcome outcome, String reason, long records) {
		if (records <= 0) {
			return;
		}
		Counter.builder(RECORDS)
			.description("Records by what became of them")
			.tags("group", this.groupId, "topic", topic, "outcome", outcome.tag(), "reason", reason)
			.register(this.registry)
			.increment(records);
	}

	/** Sets the lag of every partition measured; partitions not in the map are no longer reported. */
	public void lag(Map<TopicPartition, Long> lagByPartition) {
		List<MultiGauge.Row<?>> rows = lagByPartition.entrySet()
			.stream()
			.<MultiGauge.Row<?>>map((entry) -> MultiGauge.Row.of(Tags.of("group", this.groupId, "topic",
					entry.getKey().topic(), "partition", Integer.toString(entry.getKey().partition())),
					entry.getValue()))
			.toList();
		this.lag.register(rows, true);
	}

	/** What became of a record. */
	public enum Outcome {

		/** Stored: a new event, or a newer version in upsert mode. */
		WRITTEN,
		/** Its event id was stored already, and it changed nothing. */
		DUPLICATE,
		/** Dropped on purpose by a processing rule, the reason. */
		FILTERED,
		/** Sent to the dead-letter topic. */
		DEAD_LETTERED,
		/** Its write failed and it was dropped (at-most-once delivery). */
		DROPPED,
		/** Deleted by retention before a run could read it. */
		LOST;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
