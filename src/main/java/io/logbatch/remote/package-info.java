/**
 * Remote partitioning: a run hands its partitions to {@code worker} processes over a Kafka
 * topic, and the shared job repository records which worker ran each and how it ended.
 */
@NullMarked
package io.logbatch.remote;

import org.jspecify.annotations.NullMarked;
