package io.logbatch.processing;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

	/**
	 * The names, lower-cased: a name matches when it is equal lower-cased, which also lets the JSON text of
	 * attributes, lower-cased once, tell whether any is there.
	 */
	private final Set<String> fields = new HashSet<>();

	private final List<RedactPattern> patterns;

	/** Whether some field name is escaped in JSON text, so that the text cannot tell whether it is there. */
	private final boolean fieldsNotVerbatim;

	Redaction(List<String> fields, List<RedactPattern> patterns) {
		fields.forEach((field) -> this.fields.add(field.toLowerCase(Locale.ROOT)));
		this.patterns = List.copyOf(patterns);
		this.fieldsNotVerbatim = fields.stream().anyMatch((field) -> !Texts.isVerbatimInJson(field));
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

	/**
	 * Whether attributes written as this JSON text may hold a named attribute or a match of a pattern; false
	 * only when they cannot, so that most attributes need no parse.
	 */
	boolean mayChange(String json) {
		if (this.fieldsNotVerbatim) {
			return true;
		}
		if (!this.fields.isEmpty()) {
			String lowerCase = json.toLowerCase(Locale.ROOT);
			for (String field : this.fields) {
				if (lowerCase.contains(field)) {
					return true;
				}
			}
		}
		for (RedactPattern pattern : this.patterns) {
			if (pattern.mayMatch(json)) {
				return true;
			}
		}
		return false;
	}

	/** Redacts an object in place; whether anything changed. */
	boolean redact(ObjectNode object) {
		boolean changed = false;
		for (Map.Entry<String, JsonNode> member : object.properties()) {
			JsonNode value = member.getValue();
			// toLowerCase returns the key itself when it has no capitals: most keys cost no copy
			if (!this.fields.isEmpty() && this.fields.contains(member.getKey().toLowerCase(Locale.ROOT))) {
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
