/**
 * Commands and their exit codes; the only place that ends the JVM is the entry point.
 */
@NullMarked
package io.logbatch.cli;

import org.jspecify.annotations.NullMarked;
