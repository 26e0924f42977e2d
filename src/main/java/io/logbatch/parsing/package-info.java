/**
 * Turns raw Kafka record bytes into normalized {@link io.logbatch.parsing.LogEvent}s, rejecting bad input
 * with an {@link io.logbatch.parsing.InvalidRecordException}.
 */
@NullMarked
package io.logbatch.parsing;

import org.jspecify.annotations.NullMarked;
