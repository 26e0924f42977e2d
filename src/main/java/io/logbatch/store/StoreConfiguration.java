package io.logbatch.store;

import java.time.Clock;

import javax.sql.DataSource;

import io.logbatch.LogbatchProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The store's beans: its retention, which {@code prune} and {@code status --store} use, and the prune
 * at the end of each run.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	Retention retention(DataSource dataSource, LogbatchProperties properties) {
		return new Retention(dataSource, properties.store(), Clock.systemUTC(), LockWaits.DEFAULT);
	}

	/**
	 * First among the run's listeners, so that its afterJob runs last: the alert and the lag do not wait
	 * for the prune.
	 */
	@Bean
	@Order(50)
	PruneAfterRun pruneAfterRun(Retention retention) {
		return new PruneAfterRun(retention);
	}

}
