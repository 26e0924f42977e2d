package io.logbatch.deadletter;

import java.time.Duration;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
	DeadLetterPublisher deadLetterPublisher(KafkaProperties kafkaProperties, LogbatchProperties properties) {
		Map<String, Object> config = kafkaProperties.buildProducerProperties();
		// A dead letter must be stored before its chunk commits: every replica, no duplicates
		// from the producer's own retries.
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return new DeadLetterPublisher(
				new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
				properties.dlt().suffix(), properties.groupId(), Duration.ofSeconds(30));
	}

}
