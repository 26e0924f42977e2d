package io.logbatch.store;

import java.time.Clock;

import javax.sql.DataSource;

import io.logbatch.LogbatchProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's beans: its day partitions, what a run prepares of them (and of the attributes index)
 * before it writes, its retention, which {@code prune} and {@code status --store} use, and the prune at
 * the end of each run.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	DayPartitions dayPartitions(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new DayPartitions(jdbcTemplate, transactionManager);
	}

	/** Among the run's listeners, before the run's progress starts counting. */
	@Bean
	@Order(350)
	StorePreparation storePreparation(DayPartitions dayPartitions, JdbcTemplate jdbcTemplate,
			PlatformTransactionManager transactionManager, LogbatchProperties properties) {
		return new StorePreparation(dayPartitions, jdbcTemplate, new TransactionTemplate(transactionManager),
				properties.store().indexAttributes(), Clock.systemUTC());
	}

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
