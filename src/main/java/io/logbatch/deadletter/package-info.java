/**
 * Publishing skipped records to their dead-letter topic, in Spring Kafka's format; reading
 * them back ({@code dlt inspect}) and republishing them once fixed ({@code dlt redrive}).
 */
@NullMarked
package io.logbatch.deadletter;

import org.jspecify.annotations.NullMarked;
