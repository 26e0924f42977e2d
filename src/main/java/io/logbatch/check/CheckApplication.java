package io.logbatch.check;

import javax.sql.DataSource;

import io.logbatch.LogbatchApplication;
import io.logbatch.LogbatchProperties;
import io.logbatch.scheduling.RunLock;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The application of {@code check}: the DataSource, Kafka admin settings and Flyway exactly as a
 * run configures them, and no job, no job repository and no Flyway migration: the
 * {@link FlywayMigrationStrategy} here does nothing, so Flyway is only asked what it would do.
 * Beans are created when a check first needs them ({@code spring.main.lazy-initialization}, which
 * the command sets), so that a DataSource that cannot even be configured is a FAIL line like one
 * that cannot connect. Not a {@code @Configuration}, so that the whole application's component scan
 * leaves it out.
 */
@ImportAutoConfiguration({ SslAutoConfiguration.class, DataSourceAutoConfiguration.class, KafkaAutoConfiguration.class,
		FlywayAutoConfiguration.class })
@ConfigurationPropertiesScan(basePackageClasses = LogbatchApplication.class)
@Import(RunLock.class)
public class CheckApplication {

	/** Flyway is configured as for a run, and never migrates here. */
	@Bean
	FlywayMigrationStrategy checkOnlyMigrationStrategy() {
		return (flyway) -> {
		};
	}

	@Bean
	Checks checks(LogbatchProperties properties, KafkaAdmin kafkaAdmin, ObjectProvider<DataSource> dataSource,
			ObjectProvider<Flyway> flyway, ObjectProvider<RunLock> runLock, Environment environment) {
		DatabaseChecks database = new DatabaseChecks(dataSource::getObject,
				environment.getProperty("spring.datasource.url"), flyway::getIfAvailable);
		return new Checks(properties, kafkaAdmin.getConfigurationProperties(), database, runLock::getObject);
	}

}
