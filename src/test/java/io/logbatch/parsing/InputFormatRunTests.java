package io.logbatch.parsing;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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

	private static Map<String, Object> row(String service) {
		return Database.jdbc()
			.queryForMap("SELECT event_id, occurred_at, level, host, message, trace_id, attributes::text AS attributes,"
					+ " source_topic FROM log_event WHERE service = ?", service);
	}

}
