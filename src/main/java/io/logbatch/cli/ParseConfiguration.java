package io.logbatch.cli;

import io.logbatch.LogbatchApplication;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The application of {@code parse}: every {@code logbatch.*} setting, bound and checked from the same sources
 * as for {@code run}, processing rules included. No auto-configuration, so no Kafka client, no DataSource, no
 * Flyway and no job repository: {@code parse} works where neither Kafka nor PostgreSQL can be reached. Not a
 * {@code @Configuration}, so that the whole application's component scan leaves it out.
 */
@ConfigurationPropertiesScan(basePackageClasses = LogbatchApplication.class)
class ParseConfiguration {

}
