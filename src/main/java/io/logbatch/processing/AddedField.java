package io.logbatch.processing;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * One entry of {@code add-fields}. A dotted name is present when its path resolves as a drop rule's does
 * (the flat key or the nested form); when absent it is added as one top-level key holding the dot, the form
 * OpenTelemetry attribute names take.
 *
 * @param member the entry as a JSON object member, {@code "env":"prod"}, to append to attributes that are
 * not otherwise read
 */
record AddedField(String name, AttributePath path, StringNode value, String member) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	static AddedField of(String name, String value) {
		return new AddedField(name, new AttributePath(name), StringNode.valueOf(value),
				MAPPER.writeValueAsString(name) + ":" + MAPPER.writeValueAsString(value));
	}

}
