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
 * The {@code clf} format on access log lines written by nginx and Apache httpd.
 */
class ClfParserTests {

	private final RecordParser parser = InputFormat.CLF.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void readsNginxCombinedLine() {
		// given a line of nginx's default `log_format combined` (elastic/beats filebeat/tests/files/logs/nginx.log)
		String line = "127.0.0.1 - - [07/Mar/2017:11:23:14 -0800] \"GET / HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0 "
				+ "(Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 "
				+ "Safari/537.36\"\n";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-03-07T19:23:14Z"));
		assertThat(event.message()).isEqualTo("GET / HTTP/1.1");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.host()).isNull();
		assertThat(event.service()).isNull();
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"127.0.0.1\",\"http.method\":\"GET\",\"url.path\":\"/\","
				+ "\"http.version\":\"1.1\",\"http.status\":304,\"http.bytes\":0,\"user_agent\":\"Mozilla/5.0 "
				+ "(Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 "
				+ "Safari/537.36\"}");
		assertThat(event.eventId()).hasSize(64);
	}

	@Test
	void readsApacheCommonLineWithItsAuthenticatedUser() {
		// given the Common Log Format example of the Apache httpd documentation (logs.html)
		String line = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
		assertThat(event.message()).isEqualTo("GET /apache_pb.gif HTTP/1.0");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"127.0.0.1\",\"user.name\":\"frank\","
				+ "\"http.method\":\"GET\",\"url.path\":\"/apache_pb.gif\",\"http.version\":\"1.0\",\"http.status\":200,"
				+ "\"http.bytes\":2326}");
	}

	@Test
	void readsApacheCombinedLine() {
		// given the Combined Log Format example of the Apache httpd documentation (logs.html)
		String line = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
				+ "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"127.0.0.1\",\"user.name\":\"frank\","
				+ "\"http.method\":\"GET\",\"url.path\":\"/apache_pb.gif\",\"http.version\":\"1.0\",\"http.status\":200,"
				+ "\"http.bytes\":2326,\"http.referer\":\"http://www.example.com/start.html\","
				+ "\"user_agent\":\"Mozilla/4.08 [en] (Win98; I ;Nav)\"}");
	}

	@Test
	void keepsAHostNameThatApacheLoggedForTheClient() {
		// given a line of NASA's July 1995 HTTP trace, with HostnameLookups on (elastic/beats nasa-6.log)
		String line = "unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] \"GET /shuttle/countdown/ HTTP/1.0\" 200 3985";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("1995-07-01T04:00:06Z"));
		assertThat(event.attributes()).startsWith("{\"client.ip\":\"unicomp6.unicomp.net\",\"http.method\":\"GET\"");
	}

	@Test
	void readsNginxMainFormatWithItsForwardedForField() {
		// given nginx's `main` format, the default of its packages and Docker image, from an IPv6 client
		// (a Filebeat 7.7.1 output event quoted in a tutorial on GitHub)
		String line = "::1 - - [11/Jul/2020:07:47:24 +0800] \"GET / HTTP/1.1\" 200 4833 \"-\" \"curl/7.29.0\" \"-\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then: "-" is absent, and ::1 is no vhost with port 1
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2020-07-10T23:47:24Z"));
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"::1\",\"http.method\":\"GET\",\"url.path\":\"/\","
				+ "\"http.version\":\"1.1\",\"http.status\":200,\"http.bytes\":4833,\"user_agent\":\"curl/7.29.0\"}");
	}

	@Test
	void readsApacheVhostCombinedLineWithQuery() {
		// given Apache's vhost_combined (%v:%p first), as Debian logs other_vhosts_access.log (goaccess issue 645)
		String line = "www.xxxxxx.com:80 46.229.168.73 - - [31/Jan/2017:09:44:00 +0100] "
				+ "\"GET /showthread.php?s=ff10fb2cebe47ec51e598eb4c6eb0b8f&t=14607 HTTP/1.1\" 301 738 \"-\" "
				+ "\"Mozilla/5.0 (compatible; SemrushBot/1.2~bl; +http://www.semrush.com/bot.html)\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-01-31T08:44:00Z"));
		assertThat(event.message()).isEqualTo("GET /showthread.php?s=ff10fb2cebe47ec51e598eb4c6eb0b8f&t=14607 HTTP/1.1");
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"46.229.168.73\",\"http.method\":\"GET\","
				+ "\"url.path\":\"/showthread.php\",\"url.query\":\"s=ff10fb2cebe47ec51e598eb4c6eb0b8f&t=14607\","
				+ "\"http.version\":\"1.1\",\"http.status\":301,\"http.bytes\":738,"
				+ "\"user_agent\":\"Mozilla/5.0 (compatible; SemrushBot/1.2~bl; +http://www.semrush.com/bot.html)\","
				+ "\"server.address\":\"www.xxxxxx.com\",\"server.port\":80}");
	}

	@Test
	void readsApacheVhostCommonLineWithoutPort() {
		// given Apache's suggested "%v %h %l %u %t \"%r\" %>s %b" (goaccess issue 2973)
		String line = "test ::1 - - [25/Jul/2026:17:38:53 +0800] \"GET / HTTP/1.1\" 200 0";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"::1\",\"http.method\":\"GET\",\"url.path\":\"/\","
				+ "\"http.version\":\"1.1\",\"http.status\":200,\"http.bytes\":0,\"server.address\":\"test\"}");
	}

	@Test
	void readsApacheDashByteCountAsZero() {
		// given a 304 that Apache's %b logs as "-" (goaccess issue 2397)
		String line = "172.31.40.4 - - [13/Oct/2022:08:40:05 +0000] \"GET /dashboard/ HTTP/1.1\" 304 - \"-\" "
				+ "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/106.0.0.0 Safari/537.36\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.attributes()).contains("\"http.status\":304,\"http.bytes\":0,");
	}

	@Test
	void givesServerErrorsErrorAndClientErrorsWarn() {
		// given two nginx lines of one scan (shynet issue 221)
		String badGateway = "195.74.76.198 - - [06/Aug/2022:02:45:41 +0000] \"HEAD / HTTP/1.1\" 502 0 \"-\" "
				+ "\"Go-http-client/1.1\"";
		String notFound = "185.21.216.169 - - [11/Aug/2022:01:00:34 +0000] \"GET / HTTP/1.1\" 404 197 \"-\" "
				+ "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/102.0.0.0 Safari/537.36\"";

		// when / then
		assertThat(this.parser.events(record(badGateway)).get(0).level()).isEqualTo("ERROR");
		assertThat(this.parser.events(record(notFound)).get(0).level()).isEqualTo("WARN");
	}

	@Test
	void keepsATlsHandshakeSentToAPlainHttpPortAsAnEventWithItsRawRequest() {
		// given what nginx logs for a TLS ClientHello on a plain-HTTP port, and for a port scanner's
		// "HELP" (shynet issue 221)
		String handshake = "45.33.51.181 - - [06/Aug/2022:02:46:36 +0000] \"\\x16\\x03\\x01\\x01\" 400 166 \"-\" \"-\"";
		String help = "45.33.51.181 - - [06/Aug/2022:02:46:36 +0000] \"HELP\" 400 166 \"-\" \"-\"";

		// when
		LogEvent tls = this.parser.events(record(handshake)).get(0);
		LogEvent scan = this.parser.events(record(help)).get(0);

		// then: the request as nginx escaped it, no method, path or version
		assertThat(tls.message()).isEqualTo("\\x16\\x03\\x01\\x01");
		assertThat(tls.level()).isEqualTo("WARN");
		assertThat(tls.attributes())
			.isEqualTo("{\"client.ip\":\"45.33.51.181\",\"http.status\":400,\"http.bytes\":166}");
		assertThat(scan.message()).isEqualTo("HELP");
		assertThat(scan.attributes()).isEqualTo(tls.attributes());
	}

	@Test
	void keepsNulBytesThatNginxEscapedAsText() {
		// given a request of NUL bytes (KnuckleLog issue 4)
		String line = "174.138.61.44 - - [19/Jun/2024:02:50:09 +0000] "
				+ "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\" 400 157 \"-\" \"-\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.message()).isEqualTo("\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00");
	}

	@Test
	void givesAConnectionWithoutRequestNoMessage() {
		// given nginx's line for a connection that sent nothing (tengine pull request 42)
		String line = "127.0.0.1 - - [24/Aug/2012:12:22:13 +0800] \"-\" 400 0 \"-\" \"-\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.message()).isNull();
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2012-08-24T04:22:13Z"));
		assertThat(event.attributes()).isEqualTo("{\"client.ip\":\"127.0.0.1\",\"http.status\":400,\"http.bytes\":0}");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// a custom nginx format with "$host" before the request (SafeLine issue 558)
			"80.66.83.114 - - [25/Dec/2023:19:09:29 +0800] \"example.com\" \"\\x05\\x01\\x00\" 400 204 \"-\" \"-\" \"-\"",
			// an nginx error log line (ngx_http_proxy_connect_module issue 136)
			"2021/04/01 13:03:59 [debug] 5971#0: *8 accept: 116.236.192.106:61686 fd:3",
			// a syslog line and a JSON object
			"<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8",
			"{\"message\":\"127.0.0.1 - - [24/Aug/2012:12:22:13 +0800] \\\"-\\\" 400 0 \\\"-\\\" \\\"-\\\"\"}",
			// the Apache documentation's line cut off inside its request, as a shipper truncates a long line
			"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HT" })
	void rejectsLinesOfAnotherShapeAsNoMatch(String line) {
		// when / then
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> this.parser.events(record(line)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessageStartingWith("no-match: not clf");
	}

}
