package io.logbatch.bench.textbook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the textbook job reads and how.
 *
 * @param topic the source topic
 * @param partitions its partition count; every partition is read from offset 0
 * @param chunkSize records per chunk, one transaction
 * @param pollTimeout how long the reader polls before it decides the topic is drained
 */
@ConfigurationProperties("textbook")
public record TextbookProperties(String topic, int partitions, @DefaultValue("1000") int chunkSize,
		@DefaultValue("5s") Duration pollTimeout) {
}
