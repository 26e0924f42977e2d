package io.logbatch.bench.textbook;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Maps a record value, a flat JSON log object, to the named parameters of a {@code log_event} row;
 * the fields that are not columns become {@code attributes}. Throws Jackson's exception for a
 * value that is not JSON. {@link org.springframework.batch.infrastructure.item.kafka.KafkaItemReader}
 * hands over the value only, so the row has no source partition and offset. Thread-safe.
 */
class LogRowProcessor implements ItemProcessor<String, Map<String, Object>> {

	private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	private final String topic;

	LogRowProcessor(JsonMapper mapper, String topic) {
		this.mapper = mapper;
		this.topic = topic;
	}

	@Override
	public Map<String, Object> process(String value) {
		Map<String, Object> json = this.mapper.readValue(value, JSON_OBJECT);
		Map<String, Object> row = new HashMap<>();
		row.put("event_id", json.remove("event_id"));
		row.put("occurred_at", timestamp(json.remove("@timestamp")));
		row.put("level", json.remove("level"));
		row.put("service", json.remove("service"));
		row.put("host", json.remove("host"));
		row.put("message", json.remove("message"));
		row.put("trace_id", json.remove("trace_id"));
		row.put("published_at", timestamp(json.remove("published_at")));
		row.put("attributes", json.isEmpty() ? null : this.mapper.writeValueAsString(json));
		row.put("source_topic", this.topic);
		return row;
	}

	private static @Nullable OffsetDateTime timestamp(@Nullable Object value) {
		return (value != null) ? OffsetDateTime.parse(value.toString()) : null;
	}

}
