package io.logbatch.processing;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attributes of one event while the rules run: the JSON object text as parsed, read into a tree only
 * when a rule first looks inside, and written back once, only when a rule changed it. One instance per
 * event, so not thread-safe; the shared mapper is.
 */
final class EventAttributes {

	// Decimals as BigDecimal: a double would round what the parser kept digit for digit.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final @Nullable String text;

	private @Nullable ObjectNode tree;

	private boolean changed;

	/** @param text a JSON object, as the parsers write attributes; null for none */
	EventAttributes(@Nullable String text) {
		this.text = text;
	}

	/** The value under a path, or null when the event has none. */
	@Nullable JsonNode find(AttributePath path) {
		return (this.text != null) ? path.find(tree()) : null;
	}

	/** The attributes to read and change; empty for an event without any. Call {@link #changed} after a change. */
	ObjectNode tree() {
		if (this.tree == null) {
			this.tree = (this.text != null) ? (ObjectNode) MAPPER.readTree(this.text)
					: JsonNodeFactory.instance.objectNode();
		}
		return this.tree;
	}

	void changed() {
		this.changed = true;
	}

	/** The attributes as a JSON object text: the original unless changed; null when there are none. */
	@Nullable String text() {
		if (!this.changed || this.tree == null) {
			return this.text;
		}
		return MAPPER.writeValueAsString(this.tree);
	}

}
