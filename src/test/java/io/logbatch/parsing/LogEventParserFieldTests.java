package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Which JSON field feeds which event field: aliases, their order, nested and dotted forms.
 */
class LogEventParserFieldTests {

	private static final Instant RECORD_TIME = Instant.parse("2030-01-01T00:00:00Z");

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, 64 * 1024);

	static Stream<Arguments> aliasesInOrder() {
		return Stream.of(aliases("event id", LogEvent::eventId, "event_id", "eventId", "event.id", "id"),
				aliases("level", (event) -> event.level().toLowerCase(Locale.ROOT), "level", "log.level", "severity",
						"severity_text"),
				aliases("message", LogEvent::message, "message", "msg", "body"),
				aliases("service", LogEvent::service, "service", "service.name"),
				aliases("host", LogEvent::host, "host", "host.name", "hostname"),
				aliases("trace id", LogEvent::traceId, "trace_id", "traceId", "trace.id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("aliasesInOrder")
	void takesFirstPresentAliasInListedOrder(String field, Function<LogEvent, String> getter, List<String> aliases) {
		for (int first = 0; first < aliases.size(); first++) {
			// given every alias from 'first' on, each with its own value
			List<String> present = aliases.subList(first, aliases.size());
			String json = present.stream()
				.map((alias) -> "'" + alias + "':'v-" + alias + "'")
				.collect(Collectors.joining(",", "{", "}"));

			// when
			LogEvent event = parse(json);

			// then
			assertThat(getter.apply(event)).as(json).isEqualTo("v-" + aliases.get(first));
		}
	}

	static Stream<Arguments> nestedForms() {
		return Stream.of(arguments("{'event':{'id':'v'}}", (Function<LogEvent, String>) LogEvent::eventId),
				arguments("{'log':{'level':'v'}}", (Function<LogEvent, String>) LogEvent::level),
				arguments("{'service':{'name':'v'}}", (Function<LogEvent, String>) LogEvent::service),
				arguments("{'host':{'name':'v'}}", (Function<LogEvent, String>) LogEvent::host),
				arguments("{'trace':{'id':'v'}}", (Function<LogEvent, String>) LogEvent::traceId));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("nestedForms")
	void matchesNestedFormOfDottedAlias(String json, Function<LogEvent, String> getter) {
		LogEvent event = parse(json);

		assertThat(getter.apply(event)).isIn("v", "V");
		assertThat(event.attributes()).isNull();
	}

	@Test
	void prefersFlatDottedKeyOverNestedForm() {
		LogEvent event = parse("{'log':{'level':'error'},'log.level':'warn'}");

		assertThat(event.level()).isEqualTo("WARN");
		assertThat(event.attributes()).isEqualTo(json("{'log':{'level':'error'}}"));
	}

	@Test
	void fallsThroughEcsHostObjectToHostName() {
		// given ECS, where host is an object and only host.name is a scalar
		String json = "{'host':{'name':'web-1','ip':'10.0.0.1'},'message':'m'}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.host()).isEqualTo("web-1");
		assertThat(event.attributes()).isEqualTo(json("{'host':{'ip':'10.0.0.1'}}"));
	}

	@Test
	void keepsObjectValuedServiceWithoutNameInAttributes() {
		LogEvent event = parse("{'service':{'version':'1.2'},'message':'m'}");

		assertThat(event.service()).isNull();
		assertThat(event.attributes()).isEqualTo(json("{'service':{'version':'1.2'}}"));
	}

	@Test
	void skipsArrayValuedAlias() {
		LogEvent event = parse("{'message':['a','b'],'msg':'m'}");

		assertThat(event.message()).isEqualTo("m");
		assertThat(event.attributes()).isEqualTo(json("{'message':['a','b']}"));
	}

	@Test
	void treatsJsonNullAsAbsent() {
		LogEvent event = parse("{'message':null,'msg':'m','host':null,'level':null}");

		assertThat(event.message()).isEqualTo("m");
		assertThat(event.host()).isNull();
		assertThat(event.level()).isEqualTo("INFO");
	}

	@Test
	void usesTextOfNonStringScalars() {
		LogEvent event = parse("{'message':42.50,'service':true,'host':7,'trace_id':1e3}");

		assertThat(event.message()).isEqualTo("42.50");
		assertThat(event.service()).isEqualTo("true");
		assertThat(event.host()).isEqualTo("7");
		assertThat(event.traceId()).isEqualTo("1e3");
	}

	@Test
	void acceptsIntegralEventIdAsDecimalText() {
		assertThat(parse("{'id':123}").eventId()).isEqualTo("123");
		assertThat(parse("{'id':123456789012345678901234567890}").eventId())
			.isEqualTo("123456789012345678901234567890");
	}

	@Test
	void treatsEmptyEventIdAsAbsent() {
		LogEvent event = parse("{'event_id':'','id':'x'}");

		assertThat(event.eventId()).isEqualTo("x");
		assertThat(event.attributes()).isEqualTo(json("{'event_id':''}"));
	}

	@Test
	void skipsFractionalAndBooleanEventIds() {
		assertThat(parse("{'event_id':1.5,'eventId':true,'id':'x'}").eventId()).isEqualTo("x");
	}

	@Test
	void defaultsOptionalFieldsWhenAbsent() {
		LogEvent event = parse("{'id':'e1'}");

		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isNull();
		assertThat(event.service()).isNull();
		assertThat(event.host()).isNull();
		assertThat(event.traceId()).isNull();
		assertThat(event.attributes()).isNull();
	}

	@Test
	void copiesSourceCoordinatesFromRecord() {
		LogEvent event = parse("{'id':'e1'}");

		assertThat(event.sourceTopic()).isEqualTo("app-logs");
		assertThat(event.sourcePartition()).isEqualTo(3);
		assertThat(event.sourceOffset()).isEqualTo(42L);
	}

	private LogEvent parse(String json) {
		return this.parser.parse(record(json(json)));
	}

	private static Arguments aliases(String field, Function<LogEvent, String> getter, String... names) {
		return arguments(field, getter, List.of(names));
	}

	/** Single quotes stand for double quotes, to keep JSON literals readable. */
	private static String json(String singleQuoted) {
		return singleQuoted.replace('\'', '"');
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		byte[] value = json.getBytes(StandardCharsets.UTF_8);
		return new ConsumerRecord<>("app-logs", 3, 42L, RECORD_TIME.toEpochMilli(), TimestampType.CREATE_TIME, -1,
				value.length, null, value, new RecordHeaders(), Optional.empty());
	}

}
