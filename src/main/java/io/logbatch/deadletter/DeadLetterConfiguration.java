package io.logbatch.deadletter;

import java.time.Duration;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	/**
	 * The publisher owns its producer factory rather than exposing it as a bean, which would
	 * replace Spring Boot's own producer factory.
	 */
	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaProperties kafkaProperties, Admin admin,
			LogbatchProperties properties) {
		return new DeadLetterPublisher(DurableProducers.factory(kafkaProperties),
				new DeadLetterDestinations(admin, properties.dlt().suffix()), properties.groupId(),
				Duration.ofSeconds(30));
	}

}
