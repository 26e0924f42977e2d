package io.logbatch.deadletter;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the dead-letter topics that {@code dlt inspect} and {@code dlt redrive} read, and the
 * partitions of the topics that redrive publishes to. Thread-safe.
 */
public class DeadLetterTopics {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterTopics.class);

	private final Admin admin;

	private final LogbatchProperties properties;

	public DeadLetterTopics(Admin admin, LogbatchProperties properties) {
		this.admin = admin;
		this.properties = properties;
	}

	/**
	 * Every partition of the dead-letter topic of {@code topic}, or of every configured topic
	 * when it is null. {@code topic} is a source topic or, when it ends with the suffix and is
	 * not itself configured as a source, a dead-letter topic.
	 * @throws UnknownTopicException if a dead-letter topic does not exist
	 */
	public List<TopicPartition> partitions(@Nullable String topic) {
		List<String> deadLetterTopics = (topic != null) ? List.of(deadLetterTopicOf(topic))
				: this.properties.topics().stream().map(this.properties::deadLetterTopic).toList();
		return describe(deadLetterTopics, "dead-letter topic").values()
			.stream()
			.flatMap((description) -> description.partitions()
				.stream()
				.map((info) -> new TopicPartition(description.name(), info.partition())))
			.sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
			.toList();
	}

	/**
	 * How many partitions a topic has.
	 * @throws UnknownTopicException if it does not exist
	 */
	public int partitionCount(String topic) {
		return describe(List.of(topic), "topic").get(topic).partitions().size();
	}

	/**
	 * How old a record's timestamp may be for a topic to accept it and keep it: the smaller of
	 * its {@code retention.ms} and {@code message.timestamp.before.max.ms}; empty when neither
	 * bounds it.
	 */
	public Optional<Duration> timestampWindow(String topic) {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config;
		try {
			config = this.admin.describeConfigs(List.of(resource)).all().get().get(resource);
		}
		catch (ExecutionException ex) {
			// Such as a user without DescribeConfigs: unbounded is what the topic most likely is.
			logger.warn("Could not describe the configuration of topic {} ({}); assuming it keeps records of any "
					+ "age", topic, ex.getCause().toString());
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted describing the configuration of topic " + topic, ex);
		}
		return Stream.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG)
			.map(config::get)
			.filter((entry) -> entry != null && entry.value() != null)
			.map((entry) -> Long.parseLong(entry.value()))
			.filter((millis) -> millis >= 0 && millis < Long.MAX_VALUE)
			.min(Long::compare)
			.map(Duration::ofMillis);
	}

	private String deadLetterTopicOf(String topic) {
		boolean named = topic.endsWith(this.properties.dlt().suffix()) && !this.properties.topics().contains(topic);
		return named ? topic : this.properties.deadLetterTopic(topic);
	}

	private Map<String, TopicDescription> describe(Collection<String> topics, String what) {
		Map<String, TopicDescription> descriptions = new LinkedHashMap<>();
		this.admin.describeTopics(topics).topicNameValues().forEach((topic, description) -> {
			try {
				descriptions.put(topic, description.get());
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
					throw new UnknownTopicException(what + " '" + topic + "' does not exist");
				}
				throw new IllegalStateException("Could not describe topic " + topic, ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted describing topic " + topic, ex);
			}
		});
		return descriptions;
	}

	/** A topic to read or to redrive to does not exist. */
	public static class UnknownTopicException extends RuntimeException {

		UnknownTopicException(String message) {
			super(message);
		}

	}

}
