package io.logbatch.processing;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A dotted attribute name such as {@code http.status}, found as the parser finds its field names: the flat
 * key {@code "http.status"} first, then every nested form ({@code {"http":{"status":..}}}, and
 * {@code {"http":{"status.code":..}}} for {@code http.status.code}). Immutable; the splits at each dot are
 * computed once.
 */
final class AttributePath {

	private final String name;

	private final String[] heads;

	private final AttributePath[] tails;

	AttributePath(String name) {
		this.name = name;
		int dots = 0;
		for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
			dots++;
		}
		this.heads = new String[dots];
		this.tails = new AttributePath[dots];
		int split = 0;
		for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
			this.heads[split] = name.substring(0, i);
			this.tails[split] = new AttributePath(name.substring(i + 1));
			split++;
		}
	}

	/** The first value under this path, of any JSON type, or null when there is none. */
	@Nullable JsonNode find(ObjectNode attributes) {
		JsonNode value = attributes.get(this.name);
		if (value != null) {
			return value;
		}
		for (int i = 0; i < this.heads.length; i++) {
			if (attributes.get(this.heads[i]) instanceof ObjectNode nested) {
				JsonNode found = this.tails[i].find(nested);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
