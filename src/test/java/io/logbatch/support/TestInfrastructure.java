package io.logbatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (spring-kafka-test's embedded KRaft broker) and one real PostgreSQL
 * (zonky's embedded binaries, or the server {@code LOGBATCH_TEST_DB_URL} names) per test JVM,
 * started on first use and stopped when the JVM exits.
 */
public final class TestInfrastructure {

	private static EmbeddedKafkaBroker kafka;

	private static EmbeddedPostgres postgres;

	private static String jdbcUrl;

	private TestInfrastructure() {
	}

	public static synchronized EmbeddedKafkaBroker kafka() {
		if (kafka == null) {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			// Topics are created by the tests, so a missing dead-letter topic stays missing.
			broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "authorizer.class.name",
					BrokerTraps.class.getName()));
			broker.afterPropertiesSet();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
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
				try {
					postgres = EmbeddedPostgres.builder().start();
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
				}
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						postgres.close();
					}
					catch (IOException ex) {
						// the JVM is ending
					}
				}));
				jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
			}
		}
		return jdbcUrl;
	}

}
