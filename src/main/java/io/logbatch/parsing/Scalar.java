package io.logbatch.parsing;

import tools.jackson.core.JsonToken;

/**
 * A JSON string, number, boolean or null, kept as its token kind and text. Numbers keep their original
 * text so that attributes are written back without precision loss.
 */
record Scalar(JsonToken token, String text) {

	static final Scalar TRUE = new Scalar(JsonToken.VALUE_TRUE, "true");

	static final Scalar FALSE = new Scalar(JsonToken.VALUE_FALSE, "false");

	static final Scalar NULL = new Scalar(JsonToken.VALUE_NULL, "null");

	boolean isNull() {
		return this.token == JsonToken.VALUE_NULL;
	}

	boolean isString() {
		return this.token == JsonToken.VALUE_STRING;
	}

	boolean isIntegral() {
		return this.token == JsonToken.VALUE_NUMBER_INT;
	}

}
