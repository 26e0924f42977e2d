package io.logbatch.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.LogbatchProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producers compress their batches with any of Kafka's codecs, and snappy and zstd decompress
 * through native libraries: the packaged application must carry them all, so it is the jar
 * that reads them here.
 */
class CompressionIT {

	private static final Duration RUN = Duration.ofSeconds(90);

	private static final String[] CODECS = { "none", "gzip", "snappy", "lz4", "zstd" };

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void readsRecordsOfEveryCompressionCodecFromThePackagedJar() throws Exception {
		// given one partition per codec, each written by a producer compressing with it
		String topic = Kafka.uniqueTopic("codecs");
		Kafka.createTopicWithDeadLetterTopic(topic, CODECS.length);
		for (int partition = 0; partition < CODECS.length; partition++) {
			send(topic, partition, CODECS[partition], 50);
		}

		// when
		try (LogbatchProcess run = Logbatch.forTopics(topic).process("run")) {

			// then every record of every codec is stored
			assertThat(run.awaitExit(RUN)).as(run.output()).isZero();
		}
		assertThat(Database.eventCount()).isEqualTo(CODECS.length * 50L);
		for (String codec : CODECS) {
			assertThat(Database.jdbc()
				.queryForObject("SELECT count(*) FROM log_event WHERE event_id LIKE ?", Long.class, codec + "-%"))
				.as(codec)
				.isEqualTo(50);
		}
	}

	private static void send(String topic, int partition, String codec, int count) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				String value = """
						{"event_id":"%s-%d","message":"compressed with %s, repeated for the codec to find: \
						aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""".formatted(codec, i, codec);
				producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
	}

}
