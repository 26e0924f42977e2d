/**
 * The PostgreSQL log store: idempotent writes of log events, keyed by event id; retention by whole
 * partitions.
 */
@NullMarked
package io.logbatch.store;

import org.jspecify.annotations.NullMarked;
