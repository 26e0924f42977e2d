/**
 * What a run tells: its summary, each partition's outcome, progress while it lasts, and the
 * lag it leaves.
 */
@NullMarked
package io.logbatch.report;

import org.jspecify.annotations.NullMarked;
