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

	/** What the JSON text of attributes holding this path must contain: the last key's end and its quote. */
	private final @Nullable String lastKeyEnd;

	private final String[] heads;

	private final AttributePath[] tails;

	AttributePath(String name) {
		this.name = name;
		this.lastKeyEnd = Texts.isVerbatimInJson(name) ? name.substring(name.lastIndexOf('.') + 1) + '"' : null;
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

	String name() {
		return this.name;
	}

	/**
	 * Whether attributes written as this JSON text may hold the path; false only when they cannot. Every
	 * form of the path ends in a key that ends with the text after the name's last dot, followed by the
	 * key's closing quote.
	 */
	boolean mayBeIn(String json) {
		return this.lastKeyEnd == null || json.contains(this.lastKeyEnd);
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
