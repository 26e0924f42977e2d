package io.logbatch.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.logbatch.parsing.InputFormat;
import io.logbatch.support.Terminal;
import io.logbatch.support.Terminal.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code parse} from a terminal: records from a file or standard input become the events a run would store,
 * as JSON lines, or {@code rejected:} lines; it reads the configuration as {@code run} does and connects to
 * nothing. What it prints is checked against what a run stores in {@link ParseMatchesRunTests}.
 */
class ParseCommandTests {

	/** Written by Go's log/slog JSONHandler: the example of the log/slog package documentation. */
	private static final String SLOG = "{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\","
			+ "\"msg\":\"hello\",\"count\":3}";

	/**
	 * Written by Log4j's JSON Template Layout with its EcsLayout.json template: the output that the Apereo
	 * CAS documentation ("Logging ElasticSearch") shows, pretty-printed there, on one line as the layout
	 * writes it.
	 */
	private static final String LOG4J_ECS = "{\"@timestamp\":\"2017-05-25T19:56:23.370Z\",\"ecs.version\":\"1.2.0\","
			+ "\"log.level\":\"ERROR\",\"message\":\"Hello, error!\",\"process.thread.name\":\"main\","
			+ "\"log.logger\":\"org.apache.logging.log4j.JsonTemplateLayoutDemo\","
			+ "\"error.type\":\"java.lang.RuntimeException\",\"error.message\":\"test\","
			+ "\"error.stack_trace\":\"java.lang.RuntimeException: ...\\n\"}";

	/** Written by Prometheus 2.x on start-up (quoted in a Prometheus tutorial on GitHub). */
	private static final String PROMETHEUS_SCRAPE = "level=info ts=2018-03-11T13:38:06.317679086Z caller=manager.go:59 "
			+ "component=\"scrape manager\" msg=\"Starting scrape manager...\"";

	/** Written by Prometheus, as journald forwarded it to rsyslog (from a Prometheus install guide on GitHub). */
	private static final String PROMETHEUS_TSDB = "level=info ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 "
			+ "msg=\"TSDB started\"";

	/** RFC 5424's example 1, which the syslog-ng administration guide quotes too. */
	private static final String RFC5424_SU = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
			+ "'su root' failed for lonvick on /dev/pts/8";

	private static final List<String> COLUMNS = List.of("event_id", "occurred_at", "level", "service", "host",
			"message", "trace_id", "attributes", "published_at");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void printsEachJsonLineOfAFileAsTheEventARunStores() throws IOException {
		// given
		Path file = write("app.log", SLOG + "\n" + LOG4J_ECS + "\n");
		Instant before = Instant.now();

		// when
		Result result = parse(file.toString());

		// then
		Instant after = Instant.now();
		assertThat(result.exitCode()).isZero();
		List<JsonNode> events = events(result);
		assertThat(events).hasSize(2);
		JsonNode slog = events.get(0);
		assertThat(slog.propertyNames()).containsExactlyElementsOf(COLUMNS);
		assertThat(slog.get("event_id").asString()).matches("[0-9a-f]{64}");
		assertThat(slog.get("occurred_at").asString()).isEqualTo("2022-11-08T20:28:26.000000Z");
		assertThat(slog.get("level").asString()).isEqualTo("INFO");
		assertThat(slog.get("message").asString()).isEqualTo("hello");
		assertThat(slog.get("service").isNull()).isTrue();
		assertThat(slog.get("attributes")).isEqualTo(JSON.readTree("{\"count\":3}"));
		assertThat(Instant.parse(slog.get("published_at").asString())).isBetween(before.minusMillis(1), after);
		JsonNode ecs = events.get(1);
		assertThat(ecs.get("occurred_at").asString()).isEqualTo("2017-05-25T19:56:23.370000Z");
		assertThat(ecs.get("level").asString()).isEqualTo("ERROR");
		assertThat(ecs.get("message").asString()).isEqualTo("Hello, error!");
		assertThat(ecs.get("attributes").get("error.stack_trace").asString()).isEqualTo("java.lang.RuntimeException: ...\n");
		assertThat(result.err()).isEqualTo("2 read, 2 events, 0 filtered, 0 rejected\n");
	}

	@Test
	void readsStandardInputAsTheFormatGivenSkippingEmptyLinesAndCarriageReturns() {
		// given logfmt lines, ended as on Windows, and an empty line; json is the configured format
		String input = PROMETHEUS_SCRAPE + "\r\n\r\n" + PROMETHEUS_TSDB + "\r\n";

		// when
		Result result = Terminal.run(input, "parse", "--format", "logfmt");

		// then
		assertThat(result.exitCode()).isZero();
		List<JsonNode> events = events(result);
		assertThat(events).extracting((event) -> event.get("message").asString())
			.containsExactly("Starting scrape manager...", "TSDB started");
		// PostgreSQL keeps microseconds
		assertThat(events.get(0).get("occurred_at").asString()).isEqualTo("2018-03-11T13:38:06.317679Z");
		assertThat(events.get(1).get("occurred_at").asString()).isEqualTo("2019-03-26T11:59:10.893771Z");
		assertThat(events.get(1).get("attributes")).isEqualTo(JSON.readTree("{\"caller\":\"main.go:655\"}"));
		assertThat(result.err()).isEqualTo("2 read, 2 events, 0 filtered, 0 rejected\n");
	}

	@Test
	void readsATopicsRecordsAsTheFormatConfiguredForIt() {
		// given a topic whose format is syslog, among json topics
		String[] settings = { "--logbatch.topics=logs", "--logbatch.input.topics.[hosts.syslog].format=syslog" };

		// when
		Result syslogTopic = Terminal.run(RFC5424_SU + "\n", "parse", "--topic", "hosts.syslog", "-", settings[0],
				settings[1]);
		Result defaultTopic = Terminal.run(RFC5424_SU + "\n", "parse", settings[0], settings[1]);

		// then
		assertThat(syslogTopic.exitCode()).isZero();
		JsonNode su = events(syslogTopic).get(0);
		assertThat(su.get("service").asString()).isEqualTo("su");
		assertThat(su.get("host").asString()).isEqualTo("mymachine.example.com");
		assertThat(su.get("level").asString()).isEqualTo("FATAL");
		assertThat(su.get("occurred_at").asString()).isEqualTo("2003-10-11T22:14:15.003000Z");
		assertThat(defaultTopic.exitCode()).isEqualTo(1);
		assertThat(defaultTopic.out()).startsWith("rejected: not-json-object: ");
	}

	@Test
	void printsTheReasonOfEachRejectedLineAndExitsOne() throws IOException {
		// given a logfmt line, an empty line, and a JSON line, which is no logfmt
		Path file = write("mixed.log", PROMETHEUS_SCRAPE + "\n\n" + SLOG + "\n");

		// when
		Result result = parse("--format=logfmt", file.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		List<String> lines = result.out().lines().toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).startsWith("{\"event_id\":");
		assertThat(lines.get(1)).isEqualTo("rejected: no-match: not logfmt: expected key=value at character 0");
		assertThat(result.err()).isEqualTo("2 read, 1 events, 0 filtered, 1 rejected (line 3)\n");
	}

	@Test
	void exitsTwoOnAnUnknownFormatBeforeReadingAnything() {
		// when
		Result result = Terminal.run(SLOG + "\n", "parse", "--format", "xml");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.out()).isEmpty();
		assertThat(result.err().strip()).hasLineCount(1).contains("'xml' is not one of " + InputFormat.names());
	}

	@Test
	void exitsTwoNamingTheKeyOfABadSettingAsRunDoes() {
		// when
		Result result = Terminal.run(SLOG + "\n", "parse", "--logbatch.input.topics.[a.b].format=grok");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.out()).isEmpty();
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.input.topics.[a.b].format must be one of " + InputFormat.names() + ", was 'grok'");
	}

	@Test
	void exitsTwoWhenTheFormatGivenNeedsKeysTheTopicLacks() {
		// when a json topic's lines are read as pattern, which has no pattern to match them with
		Result result = Terminal.run(SLOG + "\n", "parse", "--format", "pattern");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.out()).isEmpty();
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("--format pattern on topic logs, whose format is json: pattern must be set")
			.doesNotContain("Exception");
	}

	@Test
	void exitsTwoWhenTheFileCannotBeRead() {
		// when
		Result result = parse(this.directory.resolve("missing.log").toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1).contains("missing.log: no such file");
	}

	@Test
	void connectsNeitherToKafkaNorToPostgresql() throws IOException {
		// given brokers and a database at a port that accepts connections and never answers, so that a
		// client that tried would be seen, and would wait
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String address = "127.0.0.1:" + listener.getLocalPort();
			long start = System.nanoTime();

			// when
			Result result = Terminal.run(SLOG + "\n", "parse", "--spring.kafka.bootstrap-servers=" + address,
					"--spring.datasource.url=jdbc:postgresql://" + address + "/logbatch");

			// then: done at once, no line but the count, and nobody connected
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
			assertThat(result.exitCode()).isZero();
			assertThat(result.err()).isEqualTo("1 read, 1 events, 0 filtered, 0 rejected\n");
			listener.setSoTimeout(1);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(listener::accept);
		}
	}

	@Test
	void hasHelp() {
		// when
		Result result = Terminal.run("", "parse", "--help");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("Usage: logbatch parse").contains("[FILE]").contains("json, logfmt, syslog");
	}

	private static Result parse(String... args) {
		List<String> command = new ArrayList<>(List.of("parse"));
		command.addAll(List.of(args));
		return Terminal.run("", command.toArray(String[]::new));
	}

	private static List<JsonNode> events(Result result) {
		return result.out().lines().filter((line) -> line.startsWith("{")).map(JSON::readTree).toList();
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content, StandardCharsets.UTF_8);
	}

}
