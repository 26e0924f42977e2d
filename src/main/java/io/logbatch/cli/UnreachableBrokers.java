package io.logbatch.cli;

import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a command that failed because the Kafka brokers did not answer, and describes it in one
 * line that names {@code spring.kafka.bootstrap-servers}: Kafka's own message names neither
 * the servers nor the setting. Every client call gives up after
 * {@code default.api.timeout.ms} (30 s, application.properties), so such a command ends within
 * SPEC's 60 s.
 */
final class UnreachableBrokers {

	private UnreachableBrokers() {
	}

	/** The client's time-out among the causes of a failure, or null if it is not one. */
	static @Nullable TimeoutException timeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException timeout) {
				return timeout;
			}
		}
		return null;
	}

	/** {@code Kafka brokers not reachable at host:port (spring.kafka.bootstrap-servers): why}. */
	static String describe(TimeoutException timeout, @Nullable String bootstrapServers) {
		return "Kafka brokers not reachable at " + ((bootstrapServers != null) ? bootstrapServers : "localhost:9092")
				+ " (spring.kafka.bootstrap-servers): " + timeout.getMessage();
	}

}
