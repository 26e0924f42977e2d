/**
 * {@code check}: whether everything a run needs is there, asked of Kafka and PostgreSQL without reading or
 * writing a record and without migrating the schema.
 */
@NullMarked
package io.logbatch.check;

import org.jspecify.annotations.NullMarked;
