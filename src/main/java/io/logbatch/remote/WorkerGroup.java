package io.logbatch.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.kafka.KafkaException;

/**
 * A group's request topic and the consumer group of its {@code worker} processes, as the
 * broker sees them. Thread-safe.
 */
final class WorkerGroup {

	private static final long TIMEOUT_SECONDS = 30;

	private final Admin admin;

	private final String requestTopic;

	private final String workerGroupId;

	private final int requestPartitions;

	WorkerGroup(Admin admin, LogbatchProperties properties) {
		this.admin = admin;
		this.requestTopic = properties.requestTopic();
		this.workerGroupId = properties.workerGroupId();
		this.requestPartitions = properties.remote().requestPartitions();
	}

	String requestTopic() {
		return this.requestTopic;
	}

	String workerGroupId() {
		return this.workerGroupId;
	}

	/**
	 * Creates the request topic unless it exists, with {@code logbatch.remote.request-partitions}
	 * partitions and the broker's default replication; returns its number of partitions.
	 */
	int ensureRequestTopic() {
		try {
			this.admin.createTopics(List.of(new NewTopic(this.requestTopic, Optional.of(this.requestPartitions),
					Optional.empty())))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new KafkaException("could not create the request topic '" + this.requestTopic + "'",
						ex.getCause());
			}
		}
		catch (TimeoutException ex) {
			throw new KafkaException("the broker did not create the request topic '" + this.requestTopic
					+ "' within " + TIMEOUT_SECONDS + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("interrupted while creating the request topic", ex);
		}
		return describeRequestTopic();
	}

	private int describeRequestTopic() {
		try {
			return this.admin.describeTopics(List.of(this.requestTopic))
				.allTopicNames()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.get(this.requestTopic)
				.partitions()
				.size();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("could not describe the request topic '" + this.requestTopic + "'", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("interrupted while describing the request topic", ex);
		}
	}

	/**
	 * The request-topic partitions that each live worker holds now; empty when no worker
	 * serves the group. A worker that has joined but holds no partition yet is left out.
	 */
	List<List<Integer>> liveWorkers() {
		ConsumerGroupDescription group;
		try {
			group = this.admin.describeConsumerGroups(List.of(this.workerGroupId))
				.describedGroups()
				.get(this.workerGroupId)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return List.of();
			}
			throw new KafkaException("could not describe the worker group '" + this.workerGroupId + "'",
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new KafkaException("could not describe the worker group '" + this.workerGroupId + "'", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("interrupted while describing the worker group", ex);
		}
		List<List<Integer>> workers = new ArrayList<>();
		for (MemberDescription member : group.members()) {
			List<Integer> held = member.assignment()
				.topicPartitions()
				.stream()
				.filter((partition) -> partition.topic().equals(this.requestTopic))
				.map(TopicPartition::partition)
				.sorted()
				.toList();
			if (!held.isEmpty()) {
				workers.add(held);
			}
		}
		return workers;
	}

}
