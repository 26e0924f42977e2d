package io.logbatch.processing;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attributes of one event while the rules run: the JSON object text as parsed, read into a tree only
 * when a rule must look inside it, and written back once, only when redaction changed it. Added fields are
 * appended to the original text unless the tree is written anyway. One instance per event, so not
 * thread-safe; the shared mapper is.
 */
final class EventAttributes {

	// Decimals as BigDecimal: a double would round what the parser kept digit for digit.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final @Nullable String text;

	private @Nullable ObjectNode tree;

	private boolean changed;

	/** The fields added, in order. */
	private @Nullable List<AddedField> appended;

	/** @param text a JSON object, as the parsers write attributes; null for none */
	EventAttributes(@Nullable String text) {
		this.text = text;
	}

	/** The attributes as the parser wrote them; null for none. */
	@Nullable String original() {
		return this.text;
	}

	/** The value under a path, or null when the event has none; reads the tree only when the text may hold it. */
	@Nullable JsonNode find(AttributePath path) {
		if (this.appended != null) {
			for (AddedField field : this.appended) {
				if (field.name().equals(path.name())) {
					return field.value();
				}
			}
		}
		if (this.tree != null) {
			return path.find(this.tree);
		}
		return (this.text != null && path.mayBeIn(this.text)) ? path.find(tree()) : null;
	}

	/**
	 * The attributes as parsed, to read and redact; empty for an event without any. Call {@link #changed}
	 * after a change.
	 */
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

	/** Adds a field that {@link #find} did not find. */
	void add(AddedField field) {
		if (this.appended == null) {
			this.appended = new ArrayList<>(2);
		}
		this.appended.add(field);
	}

	/** The attributes as a JSON object text: the original unless changed; null when there are none. */
	@Nullable String text() {
		if (this.tree != null && this.changed) {
			if (this.appended != null) {
				this.appended.forEach((field) -> this.tree.set(field.name(), field.value()));
			}
			return MAPPER.writeValueAsString(this.tree);
		}
		return (this.appended != null) ? withAppended() : this.text;
	}

	/** The original object with the added members before its closing brace. */
	private String withAppended() {
		StringBuilder json = new StringBuilder((this.text != null) ? this.text.length() + 32 : 32);
		boolean empty;
		if (this.text != null) {
			int close = this.text.lastIndexOf('}');
			int last = close - 1;
			while (last >= 0 && Character.isWhitespace(this.text.charAt(last))) {
				last--;
			}
			empty = last >= 0 && this.text.charAt(last) == '{';
			json.append(this.text, 0, close);
		}
		else {
			json.append('{');
			empty = true;
		}
		for (AddedField field : this.appended) {
			if (!empty) {
				json.append(',');
			}
			json.append(field.member());
			empty = false;
		}
		json.append('}');
		if (this.text != null) {
			json.append(this.text, this.text.lastIndexOf('}') + 1, this.text.length());
		}
		return json.toString();
	}

}
