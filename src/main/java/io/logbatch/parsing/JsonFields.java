package io.logbatch.parsing;

import java.io.Serial;
import java.util.LinkedHashMap;

/**
 * The members of one JSON object in document order. Values are {@link Scalar}, {@code JsonFields} or a
 * {@code List} of those, or, for a member of a record's object that no field mapping looks at, its
 * {@link RawJson} text. A dedicated type lets nested objects be recognized without unchecked casts.
 */
final class JsonFields extends LinkedHashMap<String, Object> {

	@Serial
	private static final long serialVersionUID = 1L;

}
