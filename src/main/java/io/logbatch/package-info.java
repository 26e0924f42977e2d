/**
 * logbatch: a batch job that ingests log records from Kafka into PostgreSQL exactly once.
 */
@NullMarked
package io.logbatch;

import org.jspecify.annotations.NullMarked;
