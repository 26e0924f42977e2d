package io.logbatch.bench;

import java.util.List;
import java.util.Map;

import io.logbatch.support.KafkaProcess;
import io.logbatch.support.PostgresProcess;

/**
 * The benchmark's Kafka broker and PostgreSQL, each a process of its own with its data under the
 * system's temporary directory, deleted on {@link #close()}.
 * <p>
 * The broker runs in the heap and collector of Kafka's own start script rather than the tests'
 * small, quick-starting JVM, since it serves the whole corpus. PostgreSQL runs with the server's
 * defaults: zonky's changes ({@code -F}, that is {@code fsync=off}; {@code synchronous_commit=off};
 * {@code max_connections=300}) are set back, and {@code track_commit_timestamp} is turned on so
 * that the time of the last write can be read. zonky's {@code timezone=UTC} stays; it changes no
 * cost.
 */
final class BenchServers implements AutoCloseable {

	static final List<String> BROKER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
			"-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35");

	// "-c fsync=on" follows zonky's "-F" on the postgres command line, and the later one wins.
	static final Map<String, String> POSTGRES_SETTINGS = Map.of("fsync", "on", "synchronous_commit", "on",
			"max_connections", "100", "track_commit_timestamp", "on");

	private final KafkaProcess kafka;

	private final PostgresProcess postgres;

	private BenchServers(KafkaProcess kafka, PostgresProcess postgres) {
		this.kafka = kafka;
		this.postgres = postgres;
	}

	static BenchServers start() {
		KafkaProcess kafka = new KafkaProcess(BROKER_JVM_OPTIONS);
		PostgresProcess postgres = new PostgresProcess(POSTGRES_SETTINGS);
		BenchServers servers = new BenchServers(kafka, postgres);
		try {
			kafka.start();
			postgres.start();
			return servers;
		}
		catch (RuntimeException ex) {
			servers.close();
			throw ex;
		}
	}

	long brokerPid() {
		return this.kafka.pid();
	}

	String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/** The {@code postgres} database as the {@code postgres} superuser (trust authentication). */
	String jdbcUrl() {
		return this.postgres.jdbcUrl();
	}

	@Override
	public void close() {
		try {
			this.kafka.close();
		}
		finally {
			this.postgres.close();
		}
	}

}
