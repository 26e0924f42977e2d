package io.logbatch.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.logbatch.cli.Cli;
import io.logbatch.support.Kafka;
import io.logbatch.support.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * The README's demo: starts an embedded Kafka broker and an embedded PostgreSQL, loads a few
 * thousand sample logs (duplicates and every kind of bad record among them), runs
 * {@code logbatch run} against them, and prints the run summary and the dead-letter topic.
 */
public final class Demo {

	private static final String TOPIC = "logs";

	private static final int PARTITIONS = 4;

	private static final String[] LEVELS = { "info", "INFO", "warning", "err", "debug", "critical", "trace" };

	private static final String[] SERVICES = { "checkout", "payments", "search", "auth" };

	private Demo() {
	}

	public static void main(String[] args) {
		System.out.println("Starting an embedded Kafka broker and an embedded PostgreSQL ...");
		String bootstrap = TestInfrastructure.bootstrapServers();
		String jdbcUrl = TestInfrastructure.jdbcUrl();
		Kafka.createTopicWithDeadLetterTopic(TOPIC, PARTITIONS);
		int loaded = loadSampleLogs(3000);
		System.out.printf("Loaded %d records into '%s' (%d partitions): 30 duplicate ids, 7 bad records%n%n", loaded,
				TOPIC, PARTITIONS);

		System.out.println("$ java -jar logbatch.jar run --logbatch.topics=logs --logbatch.max-record-bytes=4096 ...");
		int exitCode = new Cli(System.err).execute("run", "--spring.kafka.bootstrap-servers=" + bootstrap,
				"--spring.datasource.url=" + jdbcUrl, "--logbatch.topics=" + TOPIC, "--logbatch.max-record-bytes=4096",
				"--logging.level.root=WARN");
		System.out.println("exit code " + exitCode);

		System.out.printf("%nDead-letter topic '%s-dlt':%n", TOPIC);
		System.out.printf("%-10s %-9s %-6s %-70s %s%n", "partition", "offset", "key", "reason", "value");
		for (ConsumerRecord<byte[], byte[]> record : Kafka.readAll(TOPIC + "-dlt")) {
			System.out.printf("%-10d %-9d %-6s %-70s %s%n", record.partition(),
					ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong(),
					(record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : "-",
					Kafka.header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), preview(record.value()));
		}
		Runtime.getRuntime().halt(exitCode);
	}

	private static int loadSampleLogs(int count) {
		Random random = new Random(42);
		List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// every 100th event repeats an earlier id, as an at-least-once producer would
			String id = (i % 100 == 99) ? "evt-" + (i - 50) : "evt-" + i;
			String value = sample(random, id, i);
			records.add(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value.getBytes(StandardCharsets.UTF_8)));
		}
		records.add(bad("null", null));
		records.add(bad("empty", new byte[0]));
		records.add(bad("latin1", "{\"message\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
		records.add(bad("array", "[\"not\",\"an\",\"object\"]".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("text", "ERROR something went wrong".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("time", "{\"event_id\":\"t\",\"@timestamp\":\"last tuesday\"}".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("huge", ("{\"message\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
			records.forEach(producer::send);
			producer.flush();
		}
		return records.size();
	}

	private static ProducerRecord<byte[], byte[]> bad(String key, byte[] value) {
		return new ProducerRecord<>(TOPIC, key.length() % PARTITIONS, key.getBytes(StandardCharsets.UTF_8), value);
	}

	private static String sample(Random random, String id, int i) {
		String level = LEVELS[random.nextInt(LEVELS.length)];
		String service = SERVICES[random.nextInt(SERVICES.length)];
		return switch (i % 3) {
			case 0 -> """
					{"event_id":"%s","@timestamp":"2026-11-25T10:%02d:%02dZ","level":"%s","service":"%s",\
					"host":"web-%d","message":"GET /orders/%d 200","trace_id":"%016x","http":{"status":200}}"""
				.formatted(id, i / 60 % 60, i % 60, level, service, i % 5, i, random.nextLong());
			case 1 -> """
					{"eventId":"%s","timestamp":%d,"log":{"level":"%s","logger":"app"},"service":{"name":"%s"},\
					"host":{"name":"web-%d"},"msg":"user %d logged in \u2713"}"""
				.formatted(id, 1_790_000_000_000L + i, level, service, i % 5, i);
			default -> """
					{"id":"%s","time":"2026-11-25T11:00:00.%03d+01:00","severity_text":"%s","body":"payment %d \u00e9\u00e8",\
					"service.name":"%s","trace.id":"%016x"}"""
				.formatted(id, i % 1000, level, i, service, random.nextLong());
		};
	}

	private static String preview(byte[] value) {
		if (value == null) {
			return "(null)";
		}
		String text = new String(value, StandardCharsets.UTF_8);
		return (text.length() > 40) ? text.substring(0, 40) + "... (" + value.length + " bytes)" : text;
	}

}
