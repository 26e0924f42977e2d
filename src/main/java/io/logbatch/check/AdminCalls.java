package io.logbatch.check;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * The admin client's calls that the checks make, each awaited at most the client's own
 * {@code default.api.timeout.ms} and a second more: a call the brokers never answer ends as a
 * {@link TimeoutException}, never as a wait without end. Nothing here writes: a topic's creation
 * is only validated ({@link CreateTopicsOptions#validateOnly}).
 */
final class AdminCalls implements AutoCloseable {

	private static final Duration GRACE = Duration.ofSeconds(1);

	/** How long closing waits for calls still in flight: {@code Admin.close()} would wait for each one's timeout. */
	private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

	private final Admin admin;

	private final Duration timeout;

	AdminCalls(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	Admin admin() {
		return this.admin;
	}

	Duration timeout() {
		return this.timeout;
	}

	/** A topic's description; empty when it does not exist. */
	Optional<TopicDescription> describe(String topic) throws Exception {
		try {
			return Optional.of(await(this.admin.describeTopics(List.of(topic)).allTopicNames()).get(topic));
		}
		catch (UnknownTopicOrPartitionException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Why the brokers would refuse to create this topic, as this client asks: null when they
	 * would create it. Creates nothing.
	 */
	@Nullable String refusalToCreate(NewTopic topic) throws Exception {
		CreateTopicsOptions validateOnly = new CreateTopicsOptions().validateOnly(true)
			.timeoutMs((int) this.timeout.toMillis());
		try {
			await(this.admin.createTopics(List.of(topic), validateOnly).all());
			return null;
		}
		catch (TimeoutException ex) {
			throw ex;
		}
		catch (org.apache.kafka.common.KafkaException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	/** The answer of a call, or the exception Kafka failed it with. */
	<T> T await(KafkaFuture<T> future) throws Exception {
		try {
			return future.get(this.timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new TimeoutException("no answer within " + this.timeout.toSeconds() + " s", ex);
		}
	}

	@Override
	public void close() {
		this.admin.close(CLOSE_LIMIT);
	}

	static short replicationFactor(TopicDescription description) {
		return (short) description.partitions().get(0).replicas().size();
	}

}
