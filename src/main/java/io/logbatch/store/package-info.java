/**
 * The PostgreSQL log store: idempotent writes of log events keyed by event id and time, their day
 * partitions, and the rollups counted from them.
 */
@NullMarked
package io.logbatch.store;

import org.jspecify.annotations.NullMarked;
