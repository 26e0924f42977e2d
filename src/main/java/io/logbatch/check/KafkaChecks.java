package io.logbatch.check;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka side of {@code check}: the brokers answer (and at what {@code metadata.version}), every
 * source topic exists, and each dead-letter topic exists, or would be created, with at least its
 * source's partitions. Reads metadata only.
 */
final class KafkaChecks {

	/** The finalized feature that tells a KRaft cluster's metadata level, the nearest to a version the client sees. */
	private static final String METADATA_VERSION = "metadata.version";

	private final Map<String, Object> adminConfig;

	private final LogbatchProperties properties;

	KafkaChecks(Map<String, Object> adminConfig, LogbatchProperties properties) {
		this.adminConfig = adminConfig;
		this.properties = properties;
	}

	/**
	 * Connects and asks the brokers who they are; adds the {@code brokers} check.
	 * @return the admin calls when the brokers answered (the caller closes them), else null
	 */
	@Nullable AdminCalls connect(List<Check> checks) {
		Admin admin;
		try {
			admin = Admin.create(this.adminConfig);
		}
		catch (org.apache.kafka.common.KafkaException ex) {
			checks.add(Check.fail("brokers", "no Kafka client for " + bootstrapServers() + " (spring.kafka.bootstrap-servers): "
					+ rootMessage(ex) + "; topics, dead-letter topics and lag not checked",
					"correct the setting it names: spring.kafka.bootstrap-servers takes host:port pairs of your brokers, "
							+ "the client's own settings go under spring.kafka.admin.properties or spring.kafka.properties"));
			return null;
		}
		AdminCalls calls = new AdminCalls(admin, apiTimeout());
		try {
			DescribeClusterResult cluster = admin.describeCluster();
			Collection<Node> nodes = calls.await(cluster.nodes());
			String clusterId = calls.await(cluster.clusterId());
			checks.add(Check.ok("brokers", Check.counted(nodes.size(), "broker") + " reachable at " + bootstrapServers() + " (cluster " + clusterId + ", " + version(calls) + ")"));
			return calls;
		}
		catch (Exception ex) {
			calls.close();
			String why = (ex instanceof TimeoutException)
					? "not reachable at " + bootstrapServers() + " within " + calls.timeout().toSeconds() + " s"
					: "at " + bootstrapServers() + " refused this client: " + ex;
			checks.add(Check.fail("brokers", "Kafka brokers " + why + " (spring.kafka.bootstrap-servers); topics, "
					+ "dead-letter topics and lag not checked",
					"check spring.kafka.bootstrap-servers, that the brokers listen there, and the client's "
							+ "spring.kafka.security and spring.kafka.properties settings"));
			return null;
		}
	}

	/**
	 * Adds a check of each source topic and of its dead-letter topic.
	 * @return whether every source topic exists
	 */
	boolean checkTopics(AdminCalls calls, List<Check> checks) {
		boolean allExist = true;
		for (String topic : this.properties.topics()) {
			Optional<TopicDescription> source;
			try {
				source = calls.describe(topic);
			}
			catch (Exception ex) {
				checks.add(Check.fail("topic " + topic, "could not be described: " + ex,
						"allow this client to describe topic " + topic + " (ACL DESCRIBE)"));
				allExist = false;
				continue;
			}
			if (source.isEmpty()) {
				checks.add(Check.fail("topic " + topic, "does not exist (logbatch.topics); a run exits 2",
						"create it (" + kafkaTopics() + " --create --topic " + topic
								+ " --partitions N), or remove it from logbatch.topics"));
				allExist = false;
				continue;
			}
			checks.add(Check.ok("topic " + topic, describe(source.get())));
			checks.add(deadLetterTopic(calls, source.get()));
		}
		return allExist;
	}

	private Check deadLetterTopic(AdminCalls calls, TopicDescription source) {
		String topic = this.properties.deadLetterTopic(source.name());
		String name = "dlt " + topic;
		int partitions = source.partitions().size();
		short replicationFactor = AdminCalls.replicationFactor(source);
		try {
			Optional<TopicDescription> deadLetters = calls.describe(topic);
			if (deadLetters.isEmpty()) {
				String refusal = calls.refusalToCreate(new NewTopic(topic, partitions, replicationFactor));
				String create = kafkaTopics() + " --create --topic " + topic + " --partitions " + partitions
						+ " --replication-factor " + replicationFactor;
				if (refusal != null) {
					return Check.fail(name, "does not exist, and the brokers would not let this client create it ("
							+ refusal + "): the first dead letter fails its run", "create it: " + create);
				}
				return Check.warn(name, "does not exist: the first dead letter creates it with " + partitions
						+ " partitions and replication factor " + replicationFactor + ", as " + source.name()
						+ " has (the brokers accept that)", null);
			}
			int own = deadLetters.get().partitions().size();
			if (own < partitions) {
				String moved = (partitions - own == 1) ? "partition " + own
						: "partitions " + own + " to " + (partitions - 1);
				return Check.warn(name, own + " partitions, fewer than the " + partitions + " of " + source.name()
						+ ": dead letters from its " + moved + " go to the partition their key hashes to (without a key, "
						+ "any), not their own number; their kafka_dlt-original-partition header keeps it, and "
						+ "redrive returns them there", kafkaTopics() + " --alter --topic " + topic + " --partitions "
						+ partitions);
			}
			return Check.ok(name, describe(deadLetters.get()) + ": each dead letter keeps its partition number");
		}
		catch (Exception ex) {
			return Check.fail(name, "could not be checked: " + ex,
					"allow this client to describe and create topic " + topic + " (ACLs DESCRIBE, CREATE)");
		}
	}

	private static String describe(TopicDescription topic) {
		return Check.counted(topic.partitions().size(), "partition") + ", replication factor "
				+ AdminCalls.replicationFactor(topic);
	}

	/** The cluster's {@code metadata.version}, as far as the brokers tell it. */
	private static String version(AdminCalls calls) {
		try {
			FinalizedVersionRange level = calls.await(calls.admin().describeFeatures().featureMetadata())
				.finalizedFeatures()
				.get(METADATA_VERSION);
			return (level != null) ? METADATA_VERSION + " " + level.maxVersionLevel()
					: "no " + METADATA_VERSION + ": a ZooKeeper-based cluster";
		}
		catch (Exception ex) {
			return METADATA_VERSION + " unknown: " + ex.getMessage();
		}
	}

	/** {@code kafka-topics.sh --bootstrap-server ...}, for the fixes. */
	private String kafkaTopics() {
		return "kafka-topics.sh --bootstrap-server " + bootstrapServers();
	}

	/** {@code spring.kafka.bootstrap-servers}, comma-separated. */
	String bootstrapServers() {
		Object servers = this.adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		return (servers instanceof Collection<?> list) ? String.join(",", list.stream().map(String::valueOf).toList())
				: String.valueOf(servers);
	}

	private Duration apiTimeout() {
		Object configured = this.adminConfig.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
		return Duration.ofMillis((configured != null) ? Long.parseLong(configured.toString()) : 60_000);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
