package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logbatch.parsing.InvalidRecordException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code logfmt} format on lines written by Go programs.
 */
class LogfmtParserTests {

	private static final long RECORD_TIME = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

	private final RecordParser parser = InputFormat.LOGFMT.parser(EventIdFallback.CONTENT_HASH, 1 << 20);

	@Test
	void mapsPrometheusGoKitLineToEventFieldsAndKeepsTheRestAsAttributes() {
		// given a line Prometheus 2.x wrote on start-up (quoted in a Prometheus tutorial on GitHub)
		String line = "level=info ts=2018-03-11T13:38:06.317679086Z caller=manager.go:59 component=\"scrape manager\" "
				+ "msg=\"Starting scrape manager...\"";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2018-03-11T13:38:06.317679086Z"));
		assertThat(event.message()).isEqualTo("Starting scrape manager...");
		assertThat(event.attributes()).isEqualTo("{\"caller\":\"manager.go:59\",\"component\":\"scrape manager\"}");
		assertThat(event.eventId()).hasSize(64);
		assertThat(event.publishedAt()).isEqualTo(Instant.ofEpochMilli(RECORD_TIME));
	}

	@Test
	void mapsHerokuRouterLineWithHostAndServiceKeys() {
		// given a Heroku router line, as `heroku logs` printed it (in a Heroku app's README on GitHub),
		// without the drain's syslog-style prefix
		String line = "at=info method=GET path=\"/\" host=lorem-ipsum-demo-3.herokuapp.com "
				+ "request_id=8d328dc3-c614-4ac7-bf02-d3b46f14773c fwd=\"104.247.130.170\" dyno=web.1 connect=1ms "
				+ "service=39ms status=200 bytes=915 protocol=https\n";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then: host and service are the table's names, whatever Heroku means by them
		assertThat(event.host()).isEqualTo("lorem-ipsum-demo-3.herokuapp.com");
		assertThat(event.service()).isEqualTo("39ms");
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isNull();
		assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochMilli(RECORD_TIME));
		assertThat(event.attributes()).isEqualTo("{\"at\":\"info\",\"method\":\"GET\",\"path\":\"/\","
				+ "\"request_id\":\"8d328dc3-c614-4ac7-bf02-d3b46f14773c\",\"fwd\":\"104.247.130.170\","
				+ "\"dyno\":\"web.1\",\"connect\":\"1ms\",\"status\":\"200\",\"bytes\":\"915\",\"protocol\":\"https\"}");
	}

	@Test
	void takesEventIdFromIdKeysAndUnescapesQuotedValues() {
		// given
		String line = "event_id=e-42 level=warn ts=1767225600 msg=\"said \\\"hi\\\" \\\\ there\" empty=";

		// when
		LogEvent event = this.parser.events(record(line)).get(0);

		// then
		assertThat(event.eventId()).isEqualTo("e-42");
		assertThat(event.level()).isEqualTo("WARN");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(event.message()).isEqualTo("said \"hi\" \\ there");
		assertThat(event.attributes()).isEqualTo("{\"empty\":\"\"}");
	}

	@Test
	void rejectsLineWithoutIdUnderReject() {
		// given
		RecordParser rejecting = InputFormat.LOGFMT.parser(EventIdFallback.REJECT, 1024);

		// when / then
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> rejecting.events(record("level=info msg=hi")).get(0))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MISSING_EVENT_ID));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Starting server on port 8080", "msg=\"not closed", "level=info and then prose",
			"a=b\"c", "=value", "{\"level\":\"info\"}", "   " })
	void rejectsLinesThatAreNotLogfmtAsNoMatch(String line) {
		// when / then
		assertThatExceptionOfType(InvalidRecordException.class).isThrownBy(() -> this.parser.events(record(line)).get(0))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCH))
			.withMessageStartingWith("no-match: not logfmt");
	}

	@Test
	void rejectsBadTimestampAsTheJsonFormatDoes() {
		assertThatExceptionOfType(InvalidRecordException.class)
			.isThrownBy(() -> this.parser.events(record("ts=yesterday msg=x")).get(0))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.BAD_TIMESTAMP));
	}

	static ConsumerRecord<byte[], byte[]> record(String value) {
		return record(value, RECORD_TIME);
	}

	static ConsumerRecord<byte[], byte[]> record(String value, long timestamp) {
		return new ConsumerRecord<>("logs", 0, 7, timestamp, TimestampType.CREATE_TIME, 0, 0, null,
				value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
	}

}
