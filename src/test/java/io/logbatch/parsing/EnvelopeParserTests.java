package io.logbatch.parsing;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.logbatch.support.SampleRecords;
import io.logbatch.parsing.InvalidRecordException.Reason;

import static io.logbatch.parsing.LogfmtParserTests.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code json} format with {@code message-format}, on the records that Filebeat and Fluent Bit write to
 * Kafka.
 */
class EnvelopeParserTests {


	/**
	 * Fluent Bit's Kafka output (as KubeSphere configures it) for a line that the tail input read from a
	 * container's log, named {@code log} and ending in its line break (OpenFunction's log alerting guide).
	 */
	static final String FLUENT_BIT_APACHE = "{\"@timestamp\":1629856477.226758,\"log\":\"*.*.*.* - - "
			+ "[25/Aug/2021:01:54:36 +0000] \\\"GET /notfound HTTP/1.1\\\" 404 49923 \\\"-\\\" \\\"curl/7.58.0\\\"\\n\","
			+ "\"time\":\"2021-08-25T01:54:37.226757612Z\",\"kubernetes\":{\"pod_name\":\"wordpress-v1-f54f697c5-hdn2z\","
			+ "\"namespace_name\":\"demo-project\",\"container_name\":\"container-nrdsp1\","
			+ "\"docker_id\":\"bb7b48e2883be0c05b22c04b1d1573729dd06223ae0b1676e33a4fac655958a5\","
			+ "\"container_image\":\"wordpress:4.8-apache\"}}";

	/**
	 * Filebeat 7.3.1's Kafka output for a line of MySQL's audit log (a Go program on GitHub that reads the
	 * topic).
	 */
	static final String FILEBEAT_MYSQL_AUDIT = "{\"@timestamp\":\"2021-06-03T05:48:17.260Z\",\"@metadata\":{\"beat\":"
			+ "\"filebeat\",\"type\":\"_doc\",\"version\":\"7.3.1\",\"topic\":\"mysql_audit1\"},\"message\":\"20210603 "
			+ "13:48:16,zhc-dba-mysql-dev-01,a_hehe_rw,localhost,225932,0,DISCONNECT,,,0\",\"db_host\":\"10.200.11.25\","
			+ "\"db_port\":3301,\"host\":{\"ip\":[\"10.200.11.25\",\"fe80::bc70:13ff:feb9:7067\",\"172.17.0.1\","
			+ "\"10.200.0.0\",\"fe80::6859:f0ff:fe6e:7037\",\"10.200.0.1\",\"fe80::84ef:b1ff:fee3:4a1e\"]}}";

	/** A document of an alarm index, without any line (an Elasticsearch query's answer quoted on GitHub). */
	static final String ALARM_DOCUMENT = "{\"@timestamp\":1614505215961,\"severity\":\"4\",\"value\":12516.0,"
			+ "\"identif\":\"APP-4-Número_elevado_de_eventos_windows-Server2\",\"system\":\"APP\",\"title\":"
			+ "\"Número elevado de eventos windows\",\"term\":\"Server2\"}";

	private static final long RECORD_TIME = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

	private final RecordParser clf = InputFormat.JSON.parser(new FormatSettings("clf", null, null, null),
			EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void readsTheNginxLineOfAFilebeatEventAndLetsTheEnvelopeFillTheRest() {
		// when
		LogEvent event = this.clf.events(record(SampleRecords.FILEBEAT_NGINX, RECORD_TIME)).get(0);

		// then: time, level and message from the line, host from the envelope; the envelope's @timestamp,
		// which the line's time superseded, stays with its other fields
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-04-11T22:11:41Z"));
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo("GET / HTTP/1.0");
		assertThat(event.host()).isEqualTo("053dd9dc5419");
		assertThat(event.service()).isNull();
		assertThat(event.traceId()).isNull();
		assertThat(event.eventId()).hasSize(64);
		assertThat(event.publishedAt()).isEqualTo(Instant.ofEpochMilli(RECORD_TIME));
		assertThat(event.attributes()).isEqualTo("{\"@timestamp\":\"2023-04-11T22:11:50.656Z\",\"@metadata\":"
				+ "{\"beat\":\"filebeat\",\"type\":\"_doc\",\"version\":\"7.17.9\"},\"log\":{\"offset\":0,\"file\":"
				+ "{\"path\":\"/var/log/nginx/access.log\"}},\"tags\":[\"nginx-access\"],\"input\":{\"type\":\"filestream\"},"
				+ "\"fields\":{\"doc\":\"app-filebeat-nginx-access\"},\"ecs\":{\"version\":\"1.12.0\"},\"agent\":"
				+ "{\"name\":\"053dd9dc5419\",\"type\":\"filebeat\",\"version\":\"7.17.9\",\"hostname\":\"053dd9dc5419\","
				+ "\"ephemeral_id\":\"5eada860-4c61-4dfc-b515-cb9698da664c\",\"id\":\"3db14b2e-4831-43c4-926d-97136d781be1\"},"
				+ "\"client.ip\":\"10.89.2.6\",\"http.method\":\"GET\",\"url.path\":\"/\",\"http.version\":\"1.0\","
				+ "\"http.status\":200,\"http.bytes\":615,\"user_agent\":\"curl/7.79.1\",\"event.original\":"
				+ "\"10.89.2.6 - - [11/Apr/2023:22:11:41 +0000] \\\"GET / HTTP/1.0\\\" 200 615 \\\"-\\\" \\\"curl/7.79.1\\\" "
				+ "\\\"-\\\"\"}");
	}

	@Test
	void readsTheLogFieldOfAFluentBitRecord() {
		// when
		LogEvent event = this.clf.events(record(FLUENT_BIT_APACHE, RECORD_TIME)).get(0);

		// then: the line as Fluent Bit held it, line break included, is kept
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2021-08-25T01:54:36Z"));
		assertThat(event.level()).isEqualTo("WARN");
		assertThat(event.message()).isEqualTo("GET /notfound HTTP/1.1");
		assertThat(event.host()).isNull();
		assertThat(event.attributes()).isEqualTo("{\"@timestamp\":1629856477.226758,\"time\":"
				+ "\"2021-08-25T01:54:37.226757612Z\",\"kubernetes\":{\"pod_name\":\"wordpress-v1-f54f697c5-hdn2z\","
				+ "\"namespace_name\":\"demo-project\",\"container_name\":\"container-nrdsp1\",\"docker_id\":"
				+ "\"bb7b48e2883be0c05b22c04b1d1573729dd06223ae0b1676e33a4fac655958a5\",\"container_image\":"
				+ "\"wordpress:4.8-apache\"},\"client.ip\":\"*.*.*.*\",\"http.method\":\"GET\",\"url.path\":\"/notfound\","
				+ "\"http.version\":\"1.1\",\"http.status\":404,\"http.bytes\":49923,\"user_agent\":\"curl/7.58.0\","
				+ "\"event.original\":\"*.*.*.* - - [25/Aug/2021:01:54:36 +0000] \\\"GET /notfound HTTP/1.1\\\" 404 49923 "
				+ "\\\"-\\\" \\\"curl/7.58.0\\\"\\n\"}");
	}

	@Test
	void readsAPatternLineOfAFilebeatEventInItsZone() {
		// given Filebeat 8.8.2's event for a line of loguru's default format, {time} | {level: <8} |
		// {name}:{function}:{line} - {message}, written in UTC+8 (as Logstash kept it in event.original, in an
		// ELK tutorial on GitHub)
		String record = "{\"@timestamp\":\"2023-07-22T14:24:54.300Z\",\"@metadata\":{\"beat\":\"filebeat\",\"type\":"
				+ "\"_doc\",\"version\":\"8.8.2\"},\"ecs\":{\"version\":\"8.0.0\"},\"host\":{\"name\":\"es-master\"},"
				+ "\"log\":{\"offset\":3347648,\"file\":{\"path\":\"/var/log/log_demo/info.log\"}},\"message\":"
				+ "\"2023-07-22 22:24:54.195 | WARNING  | __main__:debug_log:47 - {'access_status': 404, 'request_method': "
				+ "'POST', 'request_uri': '/account/', 'request_length': 10, 'remote_address': '185.35.187.28', "
				+ "'server_name': 'cm-13.cn', 'time_start': '2023-07-22T22:24:53.535+08:00', 'time_finish': "
				+ "'2023-07-22T22:24:54.973+08:00', 'http_user_agent': 'Mozilla/5.0 (Windows NT 6.2; Win64; x64) "
				+ "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36'}\",\"input\":{\"type\":\"log\"},"
				+ "\"agent\":{\"ephemeral_id\":\"0c5f1eda-64b7-4e27-8519-282b64d8883d\",\"id\":"
				+ "\"d51f4cc1-288b-473e-b4d4-f2e347c849e3\",\"name\":\"es-master\",\"type\":\"filebeat\",\"version\":\"8.8.2\"}}";
		RecordParser parser = InputFormat.JSON.parser(new FormatSettings("pattern",
				"(?<timestamp>\\S+ \\S+) \\| (?<level>\\S+)\\s*\\| (?<logger>[^:]+):(?<function>[^:]+):(?<line>\\d+) - "
						+ "(?<message>.*)",
				"yyyy-MM-dd HH:mm:ss.SSS", "Asia/Shanghai"), EventIdFallback.CONTENT_HASH, 1 << 20);

		// when
		LogEvent event = parser.events(record(record, RECORD_TIME)).get(0);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-07-22T14:24:54.195Z"));
		assertThat(event.level()).isEqualTo("WARN");
		assertThat(event.host()).isEqualTo("es-master");
		assertThat(event.message()).startsWith("{'access_status': 404, ").endsWith("Safari/537.36'}");
		assertThat(event.attributes()).contains("\"logger\":\"__main__\",\"function\":\"debug_log\",\"line\":\"47\","
				+ "\"event.original\":\"2023-07-22 22:24:54.195 | WARNING  | __main__:debug_log:47 - {'access_status'");
	}

	@Test
	void takesTheEnvelopeTimeWhenTheLineHasNoneAndTheFallbackWhenNeitherHasAnId() {
		// given a pattern that reads the whole nginx line of Filebeat's event as the message, and no time
		FormatSettings wholeLine = new FormatSettings("pattern", "(?<message>.*)", null, null);
		RecordParser hashing = InputFormat.JSON.parser(wholeLine, EventIdFallback.CONTENT_HASH, 1 << 20);
		RecordParser rejecting = InputFormat.JSON.parser(wholeLine, EventIdFallback.REJECT, 1 << 20);

		// when
		LogEvent event = hashing.events(record(SampleRecords.FILEBEAT_NGINX, RECORD_TIME)).get(0);

		// then: the envelope's @timestamp is consumed as the time
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-04-11T22:11:50.656Z"));
		assertThat(event.message()).startsWith("10.89.2.6 - - [11/Apr/2023:22:11:41 +0000] ");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.attributes()).startsWith("{\"@metadata\":").doesNotContain("@timestamp");
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> rejecting.events(record(SampleRecords.FILEBEAT_NGINX, RECORD_TIME)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MISSING_EVENT_ID));
	}

	@Test
	void rejectsAnEnvelopeWhoseMessageIsNoClfLineAsNoMatch() {
		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> this.clf.events(record(FILEBEAT_MYSQL_AUDIT, RECORD_TIME)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessageStartingWith("no-match: not clf");
	}

	@Test
	void rejectsAnObjectWithoutMessageAsNoMatch() {
		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> this.clf.events(record(ALARM_DOCUMENT, RECORD_TIME)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessage("no-match: not a clf envelope: none of message, msg, body, log holds a string");
	}

}
