/**
 * The rules between parsing and writing, applied to every event in this order: drop (by level, or by rules
 * over fields and attribute paths), redact (attribute names and text patterns), add fields.
 */
@NullMarked
package io.logbatch.processing;

import org.jspecify.annotations.NullMarked;
