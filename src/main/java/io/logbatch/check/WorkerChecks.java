package io.logbatch.check;

import java.util.List;
import java.util.Optional;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The remote side of {@code check}, with {@code logbatch.workers=remote}: the request topic that
 * carries a run's partitions to its workers, and the workers that serve the group now.
 */
final class WorkerChecks {

	private final LogbatchProperties properties;

	WorkerChecks(LogbatchProperties properties) {
		this.properties = properties;
	}

	/** Adds the request topic's and the workers' checks; nothing when partitions run locally. */
	void check(AdminCalls calls, List<Check> checks) {
		if (this.properties.workers() != LogbatchProperties.Workers.REMOTE) {
			return;
		}
		String topic = this.properties.requestTopic();
		checks.add(requestTopic(calls, topic));
		checks.add(workers(calls, topic));
	}

	private Check requestTopic(AdminCalls calls, String topic) {
		String name = "request topic " + topic;
		int partitions = this.properties.remote().requestPartitions();
		try {
			Optional<TopicDescription> requests = calls.describe(topic);
			if (requests.isPresent()) {
				return Check.ok(name, Check.counted(requests.get().partitions().size(), "partition") + ": at most as many workers "
						+ "get work");
			}
			String refusal = calls.refusalToCreate(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
			if (refusal != null) {
				return Check.fail(name, "does not exist, and the brokers would not let this client create it ("
						+ refusal + "): a remote run fails", "create it with " + partitions + " partitions "
						+ "(logbatch.remote.request-partitions), or set logbatch.remote.request-topic to one that "
						+ "exists");
			}
			return Check.warn(name, "does not exist: the first remote run creates it with "
					+ Check.counted(partitions, "partition") + " (logbatch.remote.request-partitions)", null);
		}
		catch (Exception ex) {
			return Check.fail(name, "could not be checked: " + ex,
					"allow this client to describe and create topic " + topic + " (ACLs DESCRIBE, CREATE)");
		}
	}

	private Check workers(AdminCalls calls, String topic) {
		String group = this.properties.workerGroupId();
		long live;
		try {
			ConsumerGroupDescription description = calls
				.await(calls.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group));
			live = description.members()
				.stream()
				.filter((member) -> member.assignment().topicPartitions().stream()
					.anyMatch((partition) -> partition.topic().equals(topic)))
				.count();
		}
		catch (GroupIdNotFoundException ex) {
			live = 0;
		}
		catch (Exception ex) {
			return Check.fail("workers", "consumer group " + group + " could not be described: " + ex,
					"allow this client to describe group " + group + " (ACL DESCRIBE)");
		}
		if (live == 0) {
			return Check.fail("workers", "no worker serves group '" + this.properties.groupId() + "' (none in consumer "
					+ "group " + group + "): a remote run fails after logbatch.remote.worker-timeout ("
					+ LogbatchProperties.Store.describe(this.properties.remote().workerTimeout()) + ")",
					"start 'logbatch worker' processes with this group's Kafka, PostgreSQL and logbatch.group-id, "
							+ "or run with --workers=local");
		}
		return Check.ok("workers", Check.counted(live, "worker") + ((live == 1) ? " serves" : " serve") + " group '"
				+ this.properties.groupId() + "' (consumer group " + group + ")");
	}

}
