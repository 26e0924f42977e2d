package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic's configured format through a run against the real broker and database, and an unknown format
 * as a configuration error.
 */
class InputFormatRunTests {

	private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesSyslogLinesOfATopicWhoseFormatIsSyslogAndDeadLettersOthersAsNoMatch() throws Exception {
		// given RFC 5424's example 1, an rsyslog file line of an hour ago, and a line that is no syslog
		String topic = Kafka.uniqueTopic("syslog.dotted");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.send(topic, 0, "k-5424", "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
				+ "'su root' failed for lonvick on /dev/pts/8");
		Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		Kafka.send(topic, 0, "k-3164", RFC3164_TIME.format(anHourAgo)
				+ " localhost sshd[25474]: Accepted password for rromero from 192.168.1.133 port 49765 ssh2\n");
		Kafka.send(topic, 0, "k-prose", "Starting server on port 8080");

		// when
		RunSummary summary = Logbatch.forTopics(topic)
			.with("logbatch.input.topics.[" + topic + "].format", "syslog")
			.run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.deadLettered()).isEqualTo(1);
		Map<String, Object> su = row("su");
		assertThat(su.get("event_id").toString()).hasSize(64);
		assertThat(((Timestamp) su.get("occurred_at")).toInstant())
			.isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
		assertThat(su).containsEntry("level", "FATAL")
			.containsEntry("host", "mymachine.example.com")
			.containsEntry("message", "'su root' failed for lonvick on /dev/pts/8")
			.containsEntry("trace_id", null)
			.containsEntry("attributes", "{\"msgid\": \"ID47\", \"facility\": \"auth\"}")
			.containsEntry("source_topic", topic);
		Map<String, Object> sshd = row("sshd");
		assertThat(((Timestamp) sshd.get("occurred_at")).toInstant()).isEqualTo(anHourAgo);
		assertThat(sshd).containsEntry("level", "INFO")
			.containsEntry("host", "localhost")
			.containsEntry("message", "Accepted password for rromero from 192.168.1.133 port 49765 ssh2")
			.containsEntry("attributes", "{\"pid\": \"25474\"}");
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(DeadLetters.byKey(deadLetters)).containsOnlyKeys("k-prose");
		DeadLetters.assertReason(deadLetters.get(0), "no-match");
	}

	@Test
	void storesLogfmtLinesOfAGoProgramWithEveryColumnAndDeadLettersOthersAsNoMatch() throws Exception {
		// given two lines Prometheus 2.35 wrote on start-up (prometheus/prometheus issue 10774), and a line of
		// Go's log/slog JSONHandler (its package documentation), which is no logfmt
		String topic = Kafka.uniqueTopic("logfmt");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		String starting = "ts=2022-05-30T12:28:58.111Z caller=main.go:525 level=info msg=\"Starting Prometheus\" "
				+ "version=\"(version=2.35.0, branch=HEAD, revision=6656cd29fe6ac92bab91ecec0fe162ef0f187654)\"";
		String failed = "ts=2022-05-30T12:28:58.118Z caller=main.go:775 level=error msg=\"Unable to start web listener\" "
				+ "err=\"listen tcp 0.0.0.0:9090: bind: Only one usage of each socket address (protocol/network "
				+ "address/port) is normally permitted.\"";
		Instant sendStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Kafka.send(topic, 0, "k-starting", starting);
		Kafka.send(topic, 0, "k-failed", failed);
		Kafka.send(topic, 0, "k-json", "{\"time\":\"2022-11-08T15:28:26.000000000-05:00\",\"level\":\"INFO\","
				+ "\"msg\":\"hello\",\"count\":3}");
		Instant sendEnd = Instant.now();

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.input.topics.[" + topic + "].format", "logfmt").run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(summary.read()).isEqualTo(3);
		assertThat(summary.written()).isEqualTo(2);
		assertThat(summary.deadLettered()).isEqualTo(1);
		Map<String, Object> first = rowAt(topic, 0);
		assertThat(first).containsEntry("event_id", sha256Hex(starting))
			.containsEntry("level", "INFO")
			.containsEntry("service", null)
			.containsEntry("host", null)
			.containsEntry("message", "Starting Prometheus")
			.containsEntry("trace_id", null)
			.containsEntry("attributes", "{\"caller\": \"main.go:525\", \"version\": \"(version=2.35.0, branch=HEAD, "
					+ "revision=6656cd29fe6ac92bab91ecec0fe162ef0f187654)\"}")
			.containsEntry("source_partition", 0);
		assertThat(((Timestamp) first.get("occurred_at")).toInstant()).isEqualTo(Instant.parse("2022-05-30T12:28:58.111Z"));
		assertThat(((Timestamp) first.get("published_at")).toInstant()).isBetween(sendStart, sendEnd);
		Map<String, Object> second = rowAt(topic, 1);
		assertThat(second).containsEntry("event_id", sha256Hex(failed))
			.containsEntry("level", "ERROR")
			.containsEntry("message", "Unable to start web listener")
			.containsEntry("attributes", "{\"err\": \"listen tcp 0.0.0.0:9090: bind: Only one usage of each socket "
					+ "address (protocol/network address/port) is normally permitted.\", \"caller\": \"main.go:775\"}");
		assertThat(((Timestamp) second.get("occurred_at")).toInstant()).isEqualTo(Instant.parse("2022-05-30T12:28:58.118Z"));
		List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
		assertThat(DeadLetters.byKey(deadLetters)).containsOnlyKeys("k-json");
		DeadLetters.assertReason(deadLetters.get(0), "no-match");
	}

	@Test
	void exitsTwoNamingTheKeyOnAnUnknownFormat() {
		// given
		String topic = Kafka.uniqueTopic("xml");

		// when
		CliResult result = Logbatch.forTopics(topic)
			.with("logbatch.input.topics.[" + topic + "].format", "xml")
			.cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.input.topics.[" + topic + "].format must be one of " + InputFormat.names() + ", was 'xml'");
	}

	@Test
	void exitsTwoOnAnUnknownDefaultFormat() {
		// when
		CliResult result = Logbatch.forTopics("logs").with("logbatch.input.format", "grok").cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.input.format must be one of " + InputFormat.names() + ", was 'grok'");
	}

	private static Map<String, Object> rowAt(String topic, long offset) {
		return Database.jdbc()
			.queryForMap("SELECT event_id, occurred_at, level, service, host, message, trace_id, "
					+ "attributes::text AS attributes, source_partition, published_at FROM log_event "
					+ "WHERE source_topic = ? AND source_offset = ?", topic, offset);
	}

	private static String sha256Hex(String value) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

	private static Map<String, Object> row(String service) {
		return Database.jdbc()
			.queryForMap("SELECT event_id, occurred_at, level, host, message, trace_id, attributes::text AS attributes,"
					+ " source_topic FROM log_event WHERE service = ?", service);
	}

}
