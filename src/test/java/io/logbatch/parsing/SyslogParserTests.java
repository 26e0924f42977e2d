package io.logbatch.parsing;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logbatch.parsing.InvalidRecordException.Reason;

import static io.logbatch.parsing.LogfmtParserTests.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code syslog} format on lines written by rsyslog, journald, syslog-ng and Cloud Foundry.
 */
class SyslogParserTests {

	private static final long MARCH_2019 = Instant.parse("2019-03-26T12:00:00Z").toEpochMilli();

	private final RecordParser parser = InputFormat.SYSLOG.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void readsRfc3164FileLineWithoutPriAsInfo() {
		// given a journald-forwarded line as rsyslog writes it to /var/log/syslog, Prometheus' logfmt inside
		// (from a Prometheus install guide on GitHub)
		String line = "Mar 26 11:59:10 ip-172-31-41-126 prometheus[16374]: level=info "
				+ "ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 msg=\"TSDB started\"\n";

		// when
		LogEvent event = this.parser.events(record(line, MARCH_2019)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2019-03-26T11:59:10Z"));
		assertThat(event.host()).isEqualTo("ip-172-31-41-126");
		assertThat(event.service()).isEqualTo("prometheus");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message())
			.isEqualTo("level=info ts=2019-03-26T11:59:10.893770598Z caller=main.go:655 msg=\"TSDB started\"");
		assertThat(event.attributes()).isEqualTo("{\"pid\":\"16374\"}");
		assertThat(event.eventId()).hasSize(64);
	}

	@Test
	void readsRfc3164LineWithPriAsItsSeverityAndFacility() {
		// given an sshd line as received over the network (quoted in a log-parsing project on GitHub)
		String line = "<21>Aug 12 07:14:12 soc-32 sshd[71841]: Postponed publickey for root from 3.66.0.23 port 43604 ssh2 [preauth]";

		// when
		LogEvent event = this.parser.events(record(line, Instant.parse("2026-08-12T07:14:13Z").toEpochMilli())).get(0);

		// then: 21 is facility 2 (mail), severity 5 (notice)
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-08-12T07:14:12Z"));
		assertThat(event.service()).isEqualTo("sshd");
		assertThat(event.message()).isEqualTo("Postponed publickey for root from 3.66.0.23 port 43604 ssh2 [preauth]");
		assertThat(event.attributes()).isEqualTo("{\"facility\":\"mail\",\"pid\":\"71841\"}");
	}

	@Test
	void givesA3164TimeTheYearThatPutsItAtMostOneDayAfterTheRecord() {
		// given a December line read in January, and a clock a few hours ahead of the broker's on New Year
		String december = "Dec 31 23:59:59 web-1 CRON[42]: (root) CMD (run-parts /etc/cron.hourly)";
		String ahead = "Jan  1 03:00:00 web-1 kernel: [12345.678901] Out of memory";

		// when
		LogEvent late = this.parser.events(record(december, Instant.parse("2026-01-02T00:00:00Z").toEpochMilli())).get(0);
		LogEvent early = this.parser.events(record(ahead, Instant.parse("2025-12-31T23:00:00Z").toEpochMilli())).get(0);

		// then
		assertThat(late.occurredAt()).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
		assertThat(early.occurredAt()).isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
		assertThat(early.service()).isEqualTo("kernel");
		assertThat(early.message()).isEqualTo("[12345.678901] Out of memory");
		assertThat(early.attributes()).isNull();
	}

	@Test
	void readsRfc5424LineWithStructuredData() {
		// given RFC 5424's own example 3 (section 6.5), which rsyslog's and syslog-ng's test suites use
		String line = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
				+ "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
				+ "[examplePriority@32473 class=\"high\"] \uFEFFAn application event log entry...";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then: 165 is facility 20 (local4), severity 5 (notice)
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
		assertThat(event.host()).isEqualTo("mymachine.example.com");
		assertThat(event.service()).isEqualTo("evntslog");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo("An application event log entry...");
		assertThat(event.attributes()).isEqualTo("{\"facility\":\"local4\",\"msgid\":\"ID47\",\"structured_data\":"
				+ "{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":\"Application\",\"eventID\":\"1011\"},"
				+ "\"examplePriority@32473\":{\"class\":\"high\"}}}");
	}

	@Test
	void readsRfc5424LineWithNilValuesAsAbsent() {
		// given a line from the syslog-ng administration guide and RFC 5424 example 1: su, severity 2
		String line = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.level()).isEqualTo("FATAL");
		assertThat(event.service()).isEqualTo("su");
		assertThat(event.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
		assertThat(event.attributes()).isEqualTo("{\"facility\":\"auth\",\"msgid\":\"ID47\"}");
	}

	@Test
	void readsCloudFoundryLoggregatorLine() {
		// given a line of a Cloud Foundry loggregator syslog drain (from a Logstash filter's specs on GitHub)
		String line = "<14>1 2014-05-20T20:40:49+00:00 loggregator d5a5e8a5-9b06-4dd3-8157-e9bd3327b9dc [App/0] - - "
				+ "{\"message\":\"LowRequestRate\"}";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then: 14 is user.info; the nil timestamp would have been the record's
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2014-05-20T20:40:49Z"));
		assertThat(event.host()).isEqualTo("loggregator");
		assertThat(event.service()).isEqualTo("d5a5e8a5-9b06-4dd3-8157-e9bd3327b9dc");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo("{\"message\":\"LowRequestRate\"}");
		assertThat(event.attributes()).isEqualTo("{\"facility\":\"user\",\"pid\":\"[App/0]\"}");
	}

	@Test
	void mapsEverySeverityToALevel() {
		String[] levels = { "FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG" };
		for (int severity = 0; severity < 8; severity++) {
			// when
			LogEvent event = this.parser.events(record("<" + (8 + severity) + ">Oct 11 22:14:15 host app: m")).get(0);

			// then
			assertThat(event.level()).as("severity %d", severity).isEqualTo(levels[severity]);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "level=info msg=\"not syslog\"", "{\"message\":\"json\"}", "<999>Oct 11 22:14:15 host app: m",
			"<34>1 not-a-time host app - - - m", "Oct 32 22:14:15 host app: m", "<13>", "Octo 11 22:14:15 host app: m",
			"<34>1 2003-10-11T22:14:15.003Z host su - ID47 [broken sd" })
	void rejectsLinesOfNeitherLayoutAsNoMatch(String line) {
		// when / then
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> this.parser.events(record(line)).get(0))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessageStartingWith("no-match: not syslog");
	}

}
