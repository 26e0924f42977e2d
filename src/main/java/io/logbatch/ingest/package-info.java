/**
 * The ingestion job: one chunk-oriented step per Kafka partition, its fault tolerance, and
 * the run summary.
 */
@NullMarked
package io.logbatch.ingest;

import org.jspecify.annotations.NullMarked;
