package io.logbatch.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.logbatch.support.Kafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo's sample logs: a few thousand JSON logs of an application in the forms real producers write
 * (flat, nested ECS/OpenTelemetry, epoch milliseconds), repeated event ids as an at-least-once producer
 * sends them, one of each kind of bad record, a few logs of a legacy producer that sets no event id, and
 * real lines of nginx's access log (and one of its error log) for a topic of format clf. Always the same
 * records, in the same partitions and order.
 */
final class DemoSamples {

	static final String LOGS = "logs";

	static final int LOGS_PARTITIONS = 4;

	static final String NGINX = "nginx";

	static final int JSON_LOGS = 3000;

	static final int LEGACY_LOGS = 5;

	/** Lines as nginx writes them; the last is of its error log, which is no access log line. */
	static final List<String> NGINX_LINES = List.of(
			"127.0.0.1 - - [07/Mar/2017:11:23:14 -0800] \"GET / HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0 (Macintosh; Intel "
					+ "Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36\"",
			"172.31.40.4 - - [13/Oct/2022:08:40:05 +0000] \"GET /dashboard/ HTTP/1.1\" 304 - \"-\" \"Mozilla/5.0 "
					+ "(Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/106.0.0.0 "
					+ "Safari/537.36\"",
			"195.74.76.198 - - [06/Aug/2022:02:45:41 +0000] \"HEAD / HTTP/1.1\" 502 0 \"-\" \"Go-http-client/1.1\"",
			"185.21.216.169 - - [11/Aug/2022:01:00:34 +0000] \"GET / HTTP/1.1\" 404 197 \"-\" \"Mozilla/5.0 "
					+ "(Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/102.0.0.0 "
					+ "Safari/537.36\"",
			"45.33.51.181 - - [06/Aug/2022:02:46:36 +0000] \"\\x16\\x03\\x01\\x01\" 400 166 \"-\" \"-\"",
			"2022/08/06 02:46:36 [error] 29#29: *1 open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such "
					+ "file or directory), client: 45.33.51.181, server: localhost, request: \"GET /favicon.ico "
					+ "HTTP/1.1\", host: \"example.com\"");

	private static final String[] LEVELS = { "info", "INFO", "warning", "err", "debug", "critical", "trace" };

	private static final String[] SERVICES = { "checkout", "payments", "search", "auth" };

	private DemoSamples() {
	}

	/** Sends every sample to its topic; returns how many went to {@link #LOGS}. */
	static int load() {
		List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(jsonLogs());
		int logs = records.size();
		for (String line : NGINX_LINES) {
			records.add(new ProducerRecord<>(NGINX, 0, null, line.getBytes(StandardCharsets.UTF_8)));
		}
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
			records.forEach(producer::send);
			producer.flush();
		}
		return logs;
	}

	private static List<ProducerRecord<byte[], byte[]>> jsonLogs() {
		Random random = new Random(42);
		List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < JSON_LOGS; i++) {
			// every 100th record sends again an event sent 52 records before, to the same partition, as an
			// at-least-once producer does after a lost acknowledgement: the same id and time, a duplicate
			values.add((i % 100 == 99) ? values.get(i - 52) : sample(random, "evt-" + i, i));
			records.add(new ProducerRecord<>(LOGS, i % LOGS_PARTITIONS, null,
					values.get(i).getBytes(StandardCharsets.UTF_8)));
		}
		records.add(bad("null", null));
		records.add(bad("empty", new byte[0]));
		records.add(bad("latin1", "{\"message\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
		records.add(bad("array", "[\"not\",\"an\",\"object\"]".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("text", "ERROR something went wrong".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("time", "{\"event_id\":\"t\",\"@timestamp\":\"last tuesday\"}".getBytes(StandardCharsets.UTF_8)));
		records.add(bad("huge", ("{\"message\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8)));
		for (int i = 0; i < LEGACY_LOGS; i++) {
			String value = "{\"@timestamp\":\"2026-11-25T12:00:0%dZ\",\"level\":\"warn\",\"service\":\"billing\",\"message\":\"invoice %d retried\"}"
				.formatted(i, 4711 + i);
			records.add(new ProducerRecord<>(LOGS, i % LOGS_PARTITIONS, ("billing-" + i).getBytes(StandardCharsets.UTF_8),
					value.getBytes(StandardCharsets.UTF_8)));
		}
		return records;
	}

	private static ProducerRecord<byte[], byte[]> bad(String key, byte[] value) {
		return new ProducerRecord<>(LOGS, key.length() % LOGS_PARTITIONS, key.getBytes(StandardCharsets.UTF_8), value);
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

}
