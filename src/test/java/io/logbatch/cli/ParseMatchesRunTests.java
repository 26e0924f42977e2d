package io.logbatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.SampleRecords;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code parse} prints for some lines is what {@code run} stores for the same lines sent to a topic of
 * the same format: every column of every event, and the reason of every record dead-lettered. Each format
 * is one {@link FormatCase}: a format added later is one more case of {@link #formats()}, with its settings.
 */
class ParseMatchesRunTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A time taken from the record's timestamp: when it was sent for {@code run}, now for {@code parse}. */
	private static final String RECORD_TIME = "<record time>";

	@TempDir
	Path directory;

	/** Other tests store some of the same records, whose content-hash ids would make these duplicates. */
	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	/**
	 * One format's lines, written by the software that produces them, each with its time in it, and one line
	 * that is not of the format; {@code settings} are the format's keys beside
	 * {@code logbatch.input.topics.[<topic>].format}, and whole keys when they start with {@code logbatch.}
	 * (the processing rules).
	 */
	record FormatCase(String format, Map<String, String> settings, List<String> lines) {

		@Override
		public String toString() {
			return this.settings.isEmpty() ? this.format : this.format + " " + this.settings;
		}

	}

	static Stream<FormatCase> formats() {
		return Stream.of(new FormatCase("json", Map.of(), List.of(
				// Go's log/slog JSONHandler: the example of the log/slog package documentation
				"{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\",\"msg\":\"hello\",\"count\":3}",
				// Log4j's JSON Template Layout with EcsLayout.json, as the Apereo CAS documentation shows its
				// output ("Logging ElasticSearch"), on one line as the layout writes it
				"{\"@timestamp\":\"2017-05-25T19:56:23.370Z\",\"ecs.version\":\"1.2.0\",\"log.level\":\"ERROR\","
						+ "\"message\":\"Hello, error!\",\"process.thread.name\":\"main\","
						+ "\"log.logger\":\"org.apache.logging.log4j.JsonTemplateLayoutDemo\","
						+ "\"error.type\":\"java.lang.RuntimeException\",\"error.message\":\"test\","
						+ "\"error.stack_trace\":\"java.lang.RuntimeException: ...\\n\"}",
				// Prometheus' logfmt (quoted in a Prometheus tutorial on GitHub): no JSON
				"level=info ts=2018-03-11T13:38:06.317679086Z caller=manager.go:59 component=\"scrape manager\" "
						+ "msg=\"Starting scrape manager...\"")),
				new FormatCase("logfmt", Map.of(), List.of(
						// Prometheus 2.x on start-up (quoted in a Prometheus tutorial on GitHub): nanoseconds
						"level=info ts=2018-03-11T13:38:06.317679086Z caller=manager.go:59 "
								+ "component=\"scrape manager\" msg=\"Starting scrape manager...\"",
						// Prometheus, as journald forwarded it to rsyslog (from a Prometheus install guide on GitHub)
						"level=info ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 msg=\"TSDB started\"",
						// Go's log/slog JSONHandler (log/slog package documentation): no logfmt
						"{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\",\"msg\":\"hello\",\"count\":3}")),
				new FormatCase("syslog", Map.of(), List.of(
						// RFC 5424's example 1, which the syslog-ng administration guide quotes too
						"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
								+ "'su root' failed for lonvick on /dev/pts/8",
						// RFC 5424's example 3 (section 6.5), structured data and a BOM before the message
						"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
								+ "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
								+ "[examplePriority@32473 class=\"high\"] \uFEFFAn application event log entry...",
						// rsyslog's RSYSLOG_SyslogProtocol23Format (config/examples/syslog.yml), as a public report
						// on GitHub quotes its output: %msg% keeps its leading space
						"<30>1 2018-08-01T11:16:08.529324-06:00 hilldale systemd 1 - -  Started System Logging Service.",
						// a Cloud Foundry loggregator syslog drain line (from a Logstash filter's specs on GitHub)
						"<14>1 2014-05-20T20:40:49+00:00 loggregator d5a5e8a5-9b06-4dd3-8157-e9bd3327b9dc [App/0] - - "
								+ "Started GET \"/\" for 127.0.0.1 at 2014-05-20 20:40:49 +0000",
						// rsyslog's /var/log/syslog line of a journald-forwarded Prometheus message (from a
						// Prometheus install guide on GitHub): no year, so the record's timestamp picks it
						"Mar 26 11:59:10 ip-172-31-41-126 prometheus[16374]: level=info "
								+ "ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 msg=\"TSDB started\"",
						// Prometheus' logfmt (quoted in a Prometheus tutorial on GitHub): no syslog
						"level=info ts=2018-03-11T13:38:06.317679086Z caller=manager.go:59 "
								+ "component=\"scrape manager\" msg=\"Starting scrape manager...\"")),
				new FormatCase("clf", Map.of(), List.of(
						// the Combined Log Format example of the Apache httpd documentation (logs.html)
						"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
								+ "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
						// nginx's default log_format combined (elastic/beats filebeat/tests/files/logs/nginx.log)
						"127.0.0.1 - - [07/Mar/2017:11:23:14 -0800] \"GET / HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0 "
								+ "(Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) "
								+ "Chrome/56.0.2924.87 Safari/537.36\"",
						// an nginx error log line (ngx_http_proxy_connect_module issue 136): no access log
						"2021/04/01 13:03:59 [debug] 5971#0: *8 accept: 116.236.192.106:61686 fd:3")),
				new FormatCase("pattern", Map.of("pattern",
						"\\[(?<timestamp>[^\\]]+)\\] (?<level>[A-Z]+) (?<message>.*?) \\((?<logger>[^()\\s]+)\\)",
						"timestamp-format", "yyyy-MM-dd HH:mm:ss,SSS"), List.of(
						// a Kafka 2.0 broker's server.log (elastic/beats kafka module test log), its Log4j layout
						"[2018-10-17 12:58:47,490] INFO Terminating process due to signal SIGTERM "
								+ "(org.apache.kafka.common.utils.LoggingSignalHandler)",
						"[2018-10-17 12:57:18,400] ERROR [ReplicaFetcher replicaId=10, leaderId=30, fetcherId=0] "
								+ "Error for partition test-3-0 at offset 0 (kafka.server.ReplicaFetcherThread)",
						// the stack trace line that followed it, alone: no match
						"org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host "
								+ "this topic-partition.")),
				new FormatCase("json", Map.of("message-format", "clf"), List.of(
						// Filebeat 7.17.9's Kafka output of an nginx access log line
						SampleRecords.FILEBEAT_NGINX,
						// Go's log/slog JSONHandler (log/slog package documentation): its message is no access log
						"{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\",\"msg\":\"hello\",\"count\":3}")),
				new FormatCase("logfmt", Map.of("logbatch.process.drop.rules[0].message", "^Starting TSDB",
						"logbatch.process.redact.patterns[0]", "ipv4", "logbatch.process.add-fields.env", "prod"),
						List.of(
								// Prometheus 2.35 starting (prometheus/prometheus issue 10774): kept, env added
								"ts=2022-05-30T12:28:58.111Z caller=main.go:525 level=info msg=\"Starting Prometheus\" "
										+ "version=\"(version=2.35.0, branch=HEAD, "
										+ "revision=6656cd29fe6ac92bab91ecec0fe162ef0f187654)\"",
								// the same start (issue 10774): its address redacted
								"ts=2022-05-30T12:28:58.116Z caller=web.go:541 level=info component=web "
										+ "msg=\"Start listening for connections\" address=0.0.0.0:9090",
								// Prometheus 2.23 starting (prometheus/prometheus pull request 8252): dropped by rules[0]
								"level=info ts=2020-12-03T14:36:09.797Z caller=main.go:722 msg=\"Starting TSDB ...\"",
								// Go's log/slog JSONHandler (log/slog package documentation): no logfmt
								"{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\",\"msg\":\"hello\",\"count\":3}")),
				new FormatCase("otlp-json", Map.of(), List.of(
						// what the OpenTelemetry Collector's plog.JSONMarshaler writes (its json_test.go)
						SampleRecords.COLLECTOR_JSON,
						// Go's log/slog JSONHandler (log/slog package documentation): no OTLP
						"{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\",\"msg\":\"hello\",\"count\":3}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("formats")
	void printsWhatARunStoresForTheSameLines(FormatCase format) throws Exception {
		// given the lines sent to a topic of the format, and written to a file
		String topic = Kafka.uniqueTopic("parse-" + format.format());
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Logbatch logbatch = Logbatch.forTopics(topic).with(topicKey(topic, "format"), format.format());
		format.settings()
			.forEach((key, value) -> logbatch.with(key.startsWith("logbatch.") ? key : topicKey(topic, key), value));
		Instant sendStart = Instant.now();
		Kafka.sendAll(topic, 0, format.lines());
		Instant sendEnd = Instant.now();
		Path file = Files.writeString(this.directory.resolve(format.format() + ".log"),
				String.join("\n", format.lines()) + "\n", StandardCharsets.UTF_8);

		// when
		RunSummary summary = logbatch.run();
		Instant parseStart = Instant.now();
		CliResult parsed = logbatch.cli("parse", "--topic", topic, file.toString());
		Instant parseEnd = Instant.now();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		List<Row> printed = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		List<String> filtered = new ArrayList<>();
		for (String line : parsed.out().lines().toList()) {
			if (line.startsWith("filtered: ")) {
				filtered.add(line.substring("filtered: ".length()));
			}
			else if (line.startsWith("rejected: ")) {
				rejected.add(line.substring("rejected: ".length()));
			}
			else {
				printed.add(Row.printed(JSON.readTree(line), parseStart, parseEnd));
			}
		}
		List<Row> stored = Database.jdbc()
			.query("SELECT event_id, occurred_at, level, service, host, message, trace_id, attributes::text, "
					+ "published_at FROM log_event WHERE source_topic = ?",
					(rs, i) -> Row.stored(rs.getString(1), rs.getTimestamp(2), rs.getString(3), rs.getString(4),
							rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9),
							sendStart, sendEnd),
					topic);
		assertThat(stored).hasSize((int) summary.written()).isNotEmpty();
		assertThat(printed).containsExactlyInAnyOrderElementsOf(stored);
		List<String> deadLettered = Kafka.readAll(topic + "-dlt")
			.stream()
			.map((deadLetter) -> Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.distinct()
			.toList();
		assertThat(rejected).isNotEmpty().containsExactlyInAnyOrderElementsOf(deadLettered);
		assertThat((long) filtered.size()).isEqualTo(summary.filtered());
		assertThat(parsed.exitCode()).isEqualTo(1);
	}

	@Test
	void printsEachTimeAsPostgresqlStoresTheWritersText() {
		// given nanoseconds as the writer sends them, halfway between microseconds among them
		DateTimeFormatter writersText = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
			.withZone(ZoneOffset.UTC);
		List<Instant> times = Stream.of("2018-03-11T13:38:06.317679086Z", "2024-05-01T10:00:00.000000500Z",
				"2024-05-01T10:00:00.000001500Z", "2024-05-01T10:00:00.000002500Z", "2024-05-01T10:00:00.123456499Z",
				"2024-05-01T10:00:00.123456501Z", "2024-12-31T23:59:59.999999500Z", "0001-01-01T00:00:00.000000001Z",
				"1969-12-31T23:59:59.999999999Z").map(Instant::parse).toList();

		for (Instant time : times) {
			// when
			String printed = ParseOutput.time(time);

			// then
			OffsetDateTime stored = Database.jdbc()
				.queryForObject("SELECT CAST(? AS timestamptz)", OffsetDateTime.class, writersText.format(time));
			assertThat(printed).as("%s", time).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
			assertThat(Instant.parse(printed)).as("%s", time).isEqualTo(stored.toInstant());
		}
	}

	private static String topicKey(String topic, String key) {
		return "logbatch.input.topics.[" + topic + "]." + key;
	}

	/**
	 * An event's columns as compared: times as instants, or {@link #RECORD_TIME} when taken from the record's
	 * timestamp (within the window its side sent or read the records), attributes as a JSON tree.
	 */
	record Row(Map<String, @Nullable Object> columns) {

		static Row printed(JsonNode line, Instant readStart, Instant readEnd) {
			assertThat(line.propertyNames()).containsExactly("event_id", "occurred_at", "level", "service", "host",
					"message", "trace_id", "attributes", "published_at");
			Map<String, @Nullable Object> columns = new LinkedHashMap<>();
			columns.put("event_id", line.get("event_id").asString());
			columns.put("occurred_at", time(Instant.parse(line.get("occurred_at").asString()), readStart, readEnd));
			for (String text : List.of("level", "service", "host", "message", "trace_id")) {
				columns.put(text, line.get(text).isNull() ? null : line.get(text).asString());
			}
			columns.put("attributes", line.get("attributes").isNull() ? null : line.get("attributes"));
			columns.put("published_at", time(Instant.parse(line.get("published_at").asString()), readStart, readEnd));
			return new Row(columns);
		}

		static Row stored(String eventId, Timestamp occurredAt, String level, @Nullable String service,
				@Nullable String host, @Nullable String message, @Nullable String traceId, @Nullable String attributes,
				Timestamp publishedAt, Instant sendStart, Instant sendEnd) {
			Map<String, @Nullable Object> columns = new LinkedHashMap<>();
			columns.put("event_id", eventId);
			columns.put("occurred_at", time(occurredAt.toInstant(), sendStart, sendEnd));
			columns.put("level", level);
			columns.put("service", service);
			columns.put("host", host);
			columns.put("message", message);
			columns.put("trace_id", traceId);
			columns.put("attributes", (attributes != null) ? JSON.readTree(attributes) : null);
			columns.put("published_at", time(publishedAt.toInstant(), sendStart, sendEnd));
			return new Row(columns);
		}

		private static Object time(Instant time, Instant windowStart, Instant windowEnd) {
			// record timestamps are milliseconds
			boolean recordTime = !time.isBefore(windowStart.minusMillis(1)) && !time.isAfter(windowEnd);
			return recordTime ? RECORD_TIME : time;
		}

	}

}
