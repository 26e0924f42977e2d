package io.logbatch.deadletter;

import java.time.Duration;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wiring of {@code dlt inspect} and {@code dlt redrive}. */
@Configuration(proxyBeanMethods = false)
class RedriveConfiguration {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	DeadLetterTopics deadLetterTopics(Admin admin, LogbatchProperties properties) {
		return new DeadLetterTopics(admin, properties);
	}

	@Bean
	RedriveLedger redriveLedger(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new RedriveLedger(jdbcTemplate, new TransactionTemplate(transactionManager));
	}

	@Bean
	DeadLetterInspector deadLetterInspector(DeadLetterTopics deadLetterTopics, KafkaProperties kafkaProperties,
			RedriveLedger redriveLedger, LogbatchProperties properties) {
		Map<String, Object> consumer = kafkaProperties.buildConsumerProperties();
		return new DeadLetterInspector(deadLetterTopics,
				() -> new DeadLetterConsumer(consumer, null, properties.pollTimeout()), redriveLedger,
				properties.dlt().maxRedrives());
	}

	/**
	 * The publisher owns its producer factory rather than exposing it as a bean, which would
	 * replace Spring Boot's own; it is closed with the context.
	 */
	@Bean
	RedrivePublisher redrivePublisher(KafkaProperties kafkaProperties, DeadLetterTopics deadLetterTopics) {
		return new RedrivePublisher(DurableProducers.factory(kafkaProperties),
				deadLetterTopics, SEND_TIMEOUT);
	}

	@Bean
	DeadLetterRedriver deadLetterRedriver(DeadLetterTopics deadLetterTopics, KafkaProperties kafkaProperties,
			RedriveLedger redriveLedger, RedrivePublisher redrivePublisher, LogbatchProperties properties) {
		Map<String, Object> consumer = kafkaProperties.buildConsumerProperties();
		return new DeadLetterRedriver(deadLetterTopics,
				(groupId) -> new DeadLetterConsumer(consumer, groupId, properties.pollTimeout()), redriveLedger,
				redrivePublisher, properties.groupId() + "-redrive", properties.dlt().maxRedrives());
	}

}
