package io.logbatch.deadletter;

import java.time.Duration;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	/**
	 * The publisher owns its producer factory rather than exposing it as a bean, which would
	 * replace Spring Boot's own producer factory.
	 */
	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaProperties kafkaProperties, Admin admin,
			LogbatchProperties properties) {
		DefaultKafkaProducerFactory<byte[], byte[]> producers = DurableProducers.factory(kafkaProperties);
		// the factory's one shared producer, which the publisher sends with; closing it here is a no-op
		return new DeadLetterPublisher(producers, new DeadLetterDestinations(admin, properties.dlt().suffix(),
				(topic) -> {
					try (Producer<byte[], byte[]> producer = producers.createProducer()) {
						producer.partitionsFor(topic);
					}
				}), properties.groupId(), Duration.ofSeconds(30));
	}

}
