/**
 * The textbook Spring Batch job the benchmark compares logbatch with: KafkaItemReader, a Jackson
 * processor and JdbcBatchItemWriter in one chunk-oriented step.
 */
@NullMarked
package io.logbatch.bench.textbook;

import org.jspecify.annotations.NullMarked;
