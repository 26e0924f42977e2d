package io.logbatch.cli;

import java.util.List;

import io.logbatch.LogbatchApplication;

import org.springframework.context.ConfigurableApplicationContext;

/** A command that needs the application: it runs once the context has started. */
interface ContextCommand {

	/** Does the command's work and returns its exit code. */
	int execute(ConfigurableApplicationContext context) throws Exception;

	/**
	 * Whether SIGTERM and SIGINT stop this command's runs at a chunk boundary, rather than
	 * ending the process at once.
	 */
	default boolean stopsRunsOnSignal() {
		return false;
	}

	/**
	 * Whether the command stays up long enough to serve Actuator's health and Prometheus
	 * endpoints over HTTP (on {@code server.port}); the others start no web server.
	 */
	default boolean servesHttp() {
		return false;
	}

	/**
	 * The configuration that the command's context starts from: the whole application, unless the command
	 * needs less and must not connect to anything ({@code parse}).
	 */
	default Class<?> application() {
		return LogbatchApplication.class;
	}

	/** Spring properties that the command's own options stand for, as {@code --key=value}. */
	default List<String> properties() {
		return List.of();
	}

}
