/**
 * Where each partition starts and how a chunk's offsets commit: PostgreSQL first, the Kafka
 * group after.
 */
@NullMarked
package io.logbatch.offsets;

import org.jspecify.annotations.NullMarked;
