package io.logbatch.store;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
			PlatformTransactionManager transactionManager) {
		// logbatch.store.index-attributes: to be read from LogbatchProperties once its Store settings are there
		boolean indexAttributes = false;
		return new StorePreparation(dayPartitions, jdbcTemplate, new TransactionTemplate(transactionManager),
				indexAttributes, Clock.systemUTC());
	}

}
