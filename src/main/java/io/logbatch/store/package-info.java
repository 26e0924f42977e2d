/**
 * Idempotent PostgreSQL writes of log events, keyed by event id.
 */
@NullMarked
package io.logbatch.store;

import org.jspecify.annotations.NullMarked;
