package io.logbatch.parsing;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.logbatch.support.SampleRecords;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code clf} and {@code pattern} formats and JSON envelopes with {@code message-format} through a run
 * against the real broker and database: every column of every stored row, and lines that do not fit
 * dead-lettered as {@code no-match} while the run completes.
 */
class LineFormatRunTests {

	private Instant started;

	@BeforeEach
	void resetDatabase() {
		Database.reset();
		this.started = Instant.now();
	}

	@Test
	void storesAccessLogLinesOfAClfTopicAndDeadLettersOtherLinesAsNoMatch() throws Exception {
		// given nginx's combined format (elastic/beats nginx.log), Apache's common format (Apache docs), a TLS
		// handshake nginx logged on a plain-HTTP port (shynet issue 221), an nginx error log line and a custom
		// nginx format with "$host" before the request (SafeLine issue 558)
		String topic = Kafka.uniqueTopic("nginx.access");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-combined", "127.0.0.1 - - [07/Mar/2017:11:23:14 -0800] \"GET / HTTP/1.1\" 304 0 \"-\" "
				+ "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/56.0.2924.87 Safari/537.36\"\n");
		Kafka.send(topic, 0, "k-common",
				"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326");
		Kafka.send(topic, 0, "k-tls",
				"45.33.51.181 - - [06/Aug/2022:02:46:36 +0000] \"\\x16\\x03\\x01\\x01\" 400 166 \"-\" \"-\"");
		Kafka.send(topic, 0, "k-error-log", "2021/04/01 13:03:59 [debug] 5971#0: *8 accept: 116.236.192.106:61686 fd:3");
		Kafka.send(topic, 0, "k-custom", "80.66.83.114 - - [25/Dec/2023:19:09:29 +0800] \"example.com\" "
				+ "\"\\x05\\x01\\x00\" 400 204 \"-\" \"-\" \"-\"");

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.input.topics.[" + topic + "].format", "clf").run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(3);
		assertThat(summary.deadLettered()).isEqualTo(2);
		List<ConsumerRecord<byte[], byte[]>> sources = Kafka.readAll(topic);
		assertRow(sources.get(0), Instant.parse("2017-03-07T19:23:14Z"), "INFO", null, null, "GET / HTTP/1.1",
				"{\"client.ip\":\"127.0.0.1\",\"http.method\":\"GET\",\"url.path\":\"/\",\"http.version\":\"1.1\","
						+ "\"http.status\":304,\"http.bytes\":0,\"user_agent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X "
						+ "10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36\"}");
		assertRow(sources.get(1), Instant.parse("2000-10-10T20:55:36Z"), "INFO", null, null,
				"GET /apache_pb.gif HTTP/1.0", "{\"client.ip\":\"127.0.0.1\",\"user.name\":\"frank\",\"http.method\":"
						+ "\"GET\",\"url.path\":\"/apache_pb.gif\",\"http.version\":\"1.0\",\"http.status\":200,"
						+ "\"http.bytes\":2326}");
		assertRow(sources.get(2), Instant.parse("2022-08-06T02:46:36Z"), "WARN", null, null, "\\x16\\x03\\x01\\x01",
				"{\"client.ip\":\"45.33.51.181\",\"http.status\":400,\"http.bytes\":166}");
		assertDeadLettersAsNoMatch(topic, "k-error-log", "k-custom");
	}

	@Test
	void storesSpringBootEventsOfAPatternTopicWithTheirStackTraceAndDeadLettersOtherLinesAsNoMatch()
			throws Exception {
		// given a Spring Boot 2 startup failure with its stack trace and the next event of the same application
		// (a blog post on GitHub), and Log4j 2's default line (the Log4j manual), which that layout does not fit
		String topic = Kafka.uniqueTopic("spring.app");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-failure", PatternParserTests.SPRING_BOOT_FAILURE);
		Kafka.send(topic, 0, "k-shutdown", "2018-08-28 09:01:19.398  INFO 8816 --- [bboShutdownHook] "
				+ "com.alibaba.dubbo.config.AbstractConfig  :  [DUBBO] Run shutdown hook now., dubbo version: 2.6.2, "
				+ "current host: 192.168.60.1");
		Kafka.send(topic, 0, "k-log4j", "17:13:01.540 [main] ERROR com.foo.Bar - Did it again!");
		String key = "logbatch.input.topics.[" + topic + "].";

		// when
		RunSummary summary = Logbatch.forTopics(topic)
			.with(key + "format", "pattern")
			.with(key + "pattern", PatternParserTests.SPRING_BOOT_2)
			.with(key + "timestamp-format", "yyyy-MM-dd HH:mm:ss.SSS")
			.with(key + "zone", "Asia/Shanghai")
			.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.deadLettered()).isEqualTo(1);
		List<ConsumerRecord<byte[], byte[]>> sources = Kafka.readAll(topic);
		String failure = PatternParserTests.SPRING_BOOT_FAILURE.strip();
		assertRow(sources.get(0), Instant.parse("2018-08-28T01:01:19.390Z"), "ERROR", null, null,
				failure.substring(failure.indexOf("Application run failed")),
				"{\"pid\":\"8816\",\"thread\":\"main\",\"logger\":\"o.s.boot.SpringApplication\"}");
		assertRow(sources.get(1), Instant.parse("2018-08-28T01:01:19.398Z"), "INFO", null, null,
				" [DUBBO] Run shutdown hook now., dubbo version: 2.6.2, current host: 192.168.60.1",
				"{\"pid\":\"8816\",\"thread\":\"bboShutdownHook\",\"logger\":\"com.alibaba.dubbo.config.AbstractConfig\"}");
		assertDeadLettersAsNoMatch(topic, "k-log4j");
	}

	@Test
	void storesTheLinesOfFilebeatAndFluentBitEnvelopesAndDeadLettersOthersAsNoMatch() throws Exception {
		// given Filebeat's and Fluent Bit's records of access log lines, Filebeat's record of a MySQL audit
		// line, and an object without any line
		String topic = Kafka.uniqueTopic("shipped");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-filebeat", SampleRecords.FILEBEAT_NGINX);
		Kafka.send(topic, 0, "k-fluent-bit", EnvelopeParserTests.FLUENT_BIT_APACHE);
		Kafka.send(topic, 0, "k-mysql-audit", EnvelopeParserTests.FILEBEAT_MYSQL_AUDIT);
		Kafka.send(topic, 0, "k-no-line", EnvelopeParserTests.ALARM_DOCUMENT);

		// when the default format is a JSON envelope of clf lines
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.input.message-format", "clf").run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.deadLettered()).isEqualTo(2);
		List<ConsumerRecord<byte[], byte[]>> sources = Kafka.readAll(topic);
		assertRow(sources.get(0), Instant.parse("2023-04-11T22:11:41Z"), "INFO", null, "053dd9dc5419",
				"GET / HTTP/1.0", "{\"@timestamp\":\"2023-04-11T22:11:50.656Z\",\"@metadata\":{\"beat\":\"filebeat\","
						+ "\"type\":\"_doc\",\"version\":\"7.17.9\"},\"log\":{\"offset\":0,\"file\":{\"path\":"
						+ "\"/var/log/nginx/access.log\"}},\"tags\":[\"nginx-access\"],\"input\":{\"type\":\"filestream\"},"
						+ "\"fields\":{\"doc\":\"app-filebeat-nginx-access\"},\"ecs\":{\"version\":\"1.12.0\"},\"agent\":"
						+ "{\"name\":\"053dd9dc5419\",\"type\":\"filebeat\",\"version\":\"7.17.9\",\"hostname\":"
						+ "\"053dd9dc5419\",\"ephemeral_id\":\"5eada860-4c61-4dfc-b515-cb9698da664c\",\"id\":"
						+ "\"3db14b2e-4831-43c4-926d-97136d781be1\"},\"client.ip\":\"10.89.2.6\",\"http.method\":\"GET\","
						+ "\"url.path\":\"/\",\"http.version\":\"1.0\",\"http.status\":200,\"http.bytes\":615,"
						+ "\"user_agent\":\"curl/7.79.1\",\"event.original\":\"10.89.2.6 - - [11/Apr/2023:22:11:41 +0000] "
						+ "\\\"GET / HTTP/1.0\\\" 200 615 \\\"-\\\" \\\"curl/7.79.1\\\" \\\"-\\\"\"}");
		assertRow(sources.get(1), Instant.parse("2021-08-25T01:54:36Z"), "WARN", null, null, "GET /notfound HTTP/1.1",
				"{\"@timestamp\":1629856477.226758,\"time\":\"2021-08-25T01:54:37.226757612Z\",\"kubernetes\":"
						+ "{\"pod_name\":\"wordpress-v1-f54f697c5-hdn2z\",\"namespace_name\":\"demo-project\","
						+ "\"container_name\":\"container-nrdsp1\",\"docker_id\":"
						+ "\"bb7b48e2883be0c05b22c04b1d1573729dd06223ae0b1676e33a4fac655958a5\",\"container_image\":"
						+ "\"wordpress:4.8-apache\"},\"client.ip\":\"*.*.*.*\",\"http.method\":\"GET\",\"url.path\":"
						+ "\"/notfound\",\"http.version\":\"1.1\",\"http.status\":404,\"http.bytes\":49923,\"user_agent\":"
						+ "\"curl/7.58.0\",\"event.original\":\"*.*.*.* - - [25/Aug/2021:01:54:36 +0000] \\\"GET "
						+ "/notfound HTTP/1.1\\\" 404 49923 \\\"-\\\" \\\"curl/7.58.0\\\"\\n\"}");
		assertDeadLettersAsNoMatch(topic, "k-mysql-audit", "k-no-line");
	}

	@Test
	void exitsTwoNamingTheKeyOfAPatternWithoutMessageGroup() {
		// given
		String topic = Kafka.uniqueTopic("app");
		String key = "logbatch.input.topics.[" + topic + "].";

		// when
		CliResult result = Logbatch.forTopics(topic)
			.with(key + "format", "pattern")
			.with(key + "pattern", "(?<timestamp>\\S+) (?<msg>.*)")
			.cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains(key + "pattern has no group named message, (?<message>...): '(?<timestamp>\\S+) (?<msg>.*)'");
	}

	/** Asserts every column of the row that a record became; there is no trace id in these formats. */
	private void assertRow(ConsumerRecord<byte[], byte[]> source, Instant occurredAt, String level,
			@Nullable String service, @Nullable String host, String message, String attributes) throws Exception {
		Map<String, Object> row = Database.jdbc()
			.queryForMap("SELECT event_id, occurred_at, level, service, host, message, trace_id,"
					+ " attributes::text AS attributes, source_topic, source_partition, source_offset, published_at,"
					+ " ingested_at FROM log_event WHERE source_topic = ? AND source_offset = ?", source.topic(),
					source.offset());
		assertThat(row.get("event_id"))
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.value())));
		assertThat(((Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(occurredAt);
		assertThat(row).containsEntry("level", level)
			.containsEntry("service", service)
			.containsEntry("host", host)
			.containsEntry("message", message)
			.containsEntry("trace_id", null)
			.containsEntry("attributes", Database.jdbc().queryForObject("SELECT CAST(? AS jsonb)::text", String.class,
					attributes))
			.containsEntry("source_partition", 0)
			.containsEntry("source_offset", source.offset());
		assertThat(((Timestamp) row.get("published_at")).toInstant()).isEqualTo(Instant.ofEpochMilli(source.timestamp()));
		assertThat(((Timestamp) row.get("ingested_at")).toInstant()).isBetween(this.started, Instant.now());
	}

	private static void assertDeadLettersAsNoMatch(String topic, String... keys) {
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(DeadLetters.byKey(deadLetters)).containsOnlyKeys(keys);
		deadLetters.forEach((deadLetter) -> DeadLetters.assertReason(deadLetter, "no-match"));
	}

}
