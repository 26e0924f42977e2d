/**
 * Publishing skipped records to their dead-letter topic, in Spring Kafka's format.
 */
@NullMarked
package io.logbatch.deadletter;

import org.jspecify.annotations.NullMarked;
