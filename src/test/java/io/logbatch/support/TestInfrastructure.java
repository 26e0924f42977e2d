package io.logbatch.support;

import java.util.Map;


import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (spring-kafka-test's embedded KRaft broker, with {@link BrokerTraps} as
 * its authorizer) and one real PostgreSQL (zonky's embedded binaries in a
 * {@link PostgresProcess} that can restart, or the server {@code LOGBATCH_TEST_DB_URL} names)
 * per test JVM, started on first use and stopped when the JVM exits.
 */
public final class TestInfrastructure {

	private static EmbeddedKafkaBroker kafka;

	private static Thread kafkaShutdownHook;

	private static PostgresProcess postgres;

	private static String jdbcUrl;

	private TestInfrastructure() {
	}

	public static synchronized EmbeddedKafkaBroker kafka() {
		if (kafka == null) {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			// Topics are created by the tests, so a missing dead-letter topic stays missing; the
			// transaction log fits the one broker, for tests with transactional producers.
			broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "authorizer.class.name",
					BrokerTraps.class.getName(), "transaction.state.log.replication.factor", "1",
					"transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "1"));
			broker.afterPropertiesSet();
			kafkaShutdownHook = new Thread(broker::destroy, "kafka-broker-shutdown");
			Runtime.getRuntime().addShutdownHook(kafkaShutdownHook);
			kafka = broker;
		}
		return kafka;
	}

	public static String bootstrapServers() {
		return kafka().getBrokersAsString();
	}

	/** A JDBC URL with user and password, ready for {@code spring.datasource.url}. */
	public static synchronized String jdbcUrl() {
		if (jdbcUrl == null) {
			String external = System.getenv("LOGBATCH_TEST_DB_URL");
			if (external != null && !external.isBlank()) {
				jdbcUrl = external;
			}
			else {
				postgres = new PostgresProcess();
				postgres.start();
				jdbcUrl = postgres.jdbcUrl();
			}
		}
		return jdbcUrl;
	}

	/** Whether the tests run PostgreSQL themselves, so that they can restart it. */
	public static synchronized boolean ownsPostgres() {
		jdbcUrl();
		return postgres != null;
	}

	/**
	 * Stops the broker and the embedded PostgreSQL now, for a program that ends (the demo); the
	 * shutdown hooks do it when the JVM exits otherwise, and do nothing after this.
	 */
	public static synchronized void shutdown() {
		if (kafka != null) {
			boolean ownHook;
			try {
				ownHook = Runtime.getRuntime().removeShutdownHook(kafkaShutdownHook);
			}
			catch (IllegalStateException ex) {
				ownHook = false; // the JVM is shutting down and runs the hook itself
			}
			if (ownHook) {
				kafka.destroy();
			}
			kafka = null;
		}
		if (postgres != null) {
			postgres.close();
			postgres = null;
			jdbcUrl = null;
		}
	}

	/** Restarts the embedded PostgreSQL: every session ends; the data and the URL stay. */
	public static synchronized void restartPostgres() {
		if (!ownsPostgres()) {
			throw new IllegalStateException("PostgreSQL is external (LOGBATCH_TEST_DB_URL); the tests cannot restart it");
		}
		postgres.restart();
	}

}
