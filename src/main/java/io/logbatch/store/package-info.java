/**
 * The PostgreSQL log store: idempotent writes of log events keyed by event id and time, their day
 * partitions, the rollups counted from them, and retention by whole partitions.
 */
@NullMarked
package io.logbatch.store;

import org.jspecify.annotations.NullMarked;
