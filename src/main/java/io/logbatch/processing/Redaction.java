package io.logbatch.processing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@code redact.fields} and {@code redact.patterns}: the values of attributes with one of the names become
 * {@code "[REDACTED]"}, at any depth, inside objects and arrays; the patterns replace their matches in the
 * message and in every other string attribute value. Immutable and thread-safe.
 */
final class Redaction {

	static final String REDACTED = "[REDACTED]";

	private static final StringNode REDACTED_NODE = StringNode.valueOf(REDACTED);

	private final Set<String> fields = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	private final List<RedactPattern> patterns;

	Redaction(List<String> fields, List<RedactPattern> patterns) {
		this.fields.addAll(fields);
		this.patterns = List.copyOf(patterns);
	}

	/** Whether this redaction looks at the attributes at all. */
	boolean touchesAttributes() {
		return !this.fields.isEmpty() || !this.patterns.isEmpty();
	}

	/** A text with the patterns applied in order; the same instance when none matched. */
	@Nullable String text(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String redacted = text;
		for (RedactPattern pattern : this.patterns) {
			redacted = pattern.redact(redacted);
		}
		return redacted;
	}

	/** Redacts an object in place; whether anything changed. */
	boolean redact(ObjectNode object) {
		boolean changed = false;
		for (Map.Entry<String, JsonNode> member : object.properties()) {
			JsonNode value = member.getValue();
			if (this.fields.contains(member.getKey())) {
				if (!REDACTED_NODE.equals(value)) {
					member.setValue(REDACTED_NODE);
					changed = true;
				}
			}
			else if (value.isString()) {
				String text = value.stringValue();
				String redacted = text(text);
				if (redacted != text) {
					member.setValue(StringNode.valueOf(redacted));
					changed = true;
				}
			}
			else {
				changed |= redactContainer(value);
			}
		}
		return changed;
	}

	private boolean redact(ArrayNode array) {
		boolean changed = false;
		for (int i = 0; i < array.size(); i++) {
			JsonNode element = array.get(i);
			if (element.isString()) {
				String text = element.stringValue();
				String redacted = text(text);
				if (redacted != text) {
					array.set(i, StringNode.valueOf(redacted));
					changed = true;
				}
			}
			else {
				changed |= redactContainer(element);
			}
		}
		return changed;
	}

	private boolean redactContainer(JsonNode value) {
		if (value instanceof ObjectNode object) {
			return redact(object);
		}
		if (value instanceof ArrayNode array) {
			return redact(array);
		}
		return false;
	}

}
