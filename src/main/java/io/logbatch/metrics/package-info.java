/**
 * What logbatch reports to Micrometer beside Spring Batch's own metrics: records by outcome
 * and each partition's consumer lag.
 */
@NullMarked
package io.logbatch.metrics;

import org.jspecify.annotations.NullMarked;
