/**
 * Idempotent PostgreSQL writes of log events, keyed by event id.
 */
@NullMarked
package io.logbatch.sink;

import org.jspecify.annotations.NullMarked;
