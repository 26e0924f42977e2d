package io.logbatch.parsing;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The log events of one Kafka record, with the record they came from, kept so that a write that fails for
 * good can still dead-letter the original bytes.
 *
 * @param source the record as read
 * @param events the events to store, in the record's order; possibly none
 * @param filtered events the processing rules dropped from this record, by the name of the rule that
 * dropped them; empty when none was
 */
public record ParsedRecord(ConsumerRecord<byte[], byte[]> source, List<LogEvent> events,
		Map<String, Integer> filtered) {

	public ParsedRecord {
		events = List.copyOf(events);
		filtered = Map.copyOf(filtered);
	}

	/** The events of a record before any processing rule. */
	public ParsedRecord(ConsumerRecord<byte[], byte[]> source, List<LogEvent> events) {
		this(source, events, Map.of());
	}

	/** A record of one event before any processing rule. */
	public ParsedRecord(ConsumerRecord<byte[], byte[]> source, LogEvent event) {
		this(source, List.of(event), Map.of());
	}

}
