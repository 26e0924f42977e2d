package io.logbatch.deadletter;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Producers for records that must be stored before the work that sent them is done with (a
 * dead letter before the stored offset passes its record, a redriven record before its claim): Spring Boot's producer
 * settings, with every replica acknowledging, no duplicates from the producer's own retries,
 * and no lingering unless configured.
 */
final class DurableProducers {

	private DurableProducers() {
	}

	static DefaultKafkaProducerFactory<byte[], byte[]> factory(KafkaProperties kafkaProperties) {
		Map<String, Object> config = kafkaProperties.buildProducerProperties();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		// Every send is awaited soon after, by a redrive or a partition's last chunk, and the stored
		// offset waits for it: Kafka 4's default 5 ms of lingering would be spent there for nothing.
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

}
