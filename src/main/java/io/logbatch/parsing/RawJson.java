package io.logbatch.parsing;

/**
 * A member of a record's JSON object that no field mapping looks at, kept as the JSON text the record
 * holds for it, which is exactly what writing its value back would give ({@link JsonTree}).
 *
 * @param text compact JSON without escapes: a string, number, literal, object or array
 */
record RawJson(String text) {
}
