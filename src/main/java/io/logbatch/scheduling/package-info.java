/**
 * Runs that never overlap: the per-group run lock, recovery of executions a dead process left
 * running, graceful stops, and the cron scheduler.
 */
@NullMarked
package io.logbatch.scheduling;

import org.jspecify.annotations.NullMarked;
