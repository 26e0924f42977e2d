/**
 * The benchmark behind {@code bench/run}: a Kafka broker and a PostgreSQL of their own, a generated
 * corpus, and logbatch, the textbook Spring Batch job and a COPY-only load measured on it; and logbatch on
 * the same events in each input format.
 */
@NullMarked
package io.logbatch.bench;

import org.jspecify.annotations.NullMarked;
