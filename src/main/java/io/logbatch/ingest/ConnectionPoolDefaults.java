package io.logbatch.ingest;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes the connection pool for the run unless {@code spring.datasource.hikari.maximum-pool-size}
 * is set: one connection per partition processed at once (each chunk is a transaction), one
 * for the run lock, one for the job's own metadata and one spare; never below Hikari's 10.
 * A {@code worker} also holds each partition's lock on a connection of its own, so the pool may
 * grow by one more per partition. It keeps open when idle ({@code minimum-idle}, unless set)
 * what a run uses at once, without the floor of 10: each connection more is one more
 * PostgreSQL backend to start while the JVM starts, and one more to close before it exits.
 * Hikari's default of 10 would leave partitions waiting for connections on a machine with more
 * than a few cores.
 */
public class ConnectionPoolDefaults implements EnvironmentPostProcessor, Ordered {

	static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";

	static final String MINIMUM_IDLE = "spring.datasource.hikari.minimum-idle";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(POOL_SIZE)) {
			return;
		}
		int concurrency = Binder.get(environment)
			.bind("logbatch.concurrency", Integer.class)
			.orElse(Runtime.getRuntime().availableProcessors());
		int atOnce = concurrency + 3;
		Map<String, Object> pool = new HashMap<>();
		pool.put(POOL_SIZE, Math.max(10, atOnce) + concurrency);
		if (!environment.containsProperty(MINIMUM_IDLE)) {
			pool.put(MINIMUM_IDLE, atOnce);
		}
		environment.getPropertySources().addLast(new MapPropertySource("logbatchConnectionPool", pool));
	}

	/** After the configuration files are read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
