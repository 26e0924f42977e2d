package io.logbatch;

import java.util.Map;
import java.util.stream.Stream;

import io.logbatch.parsing.FormatSettings;
import io.logbatch.parsing.InputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * How {@code logbatch.input.*} binds: a topic's own format and keys, else the default ones; every key that
 * does not fit or compile fails binding with one line naming it.
 */
class InputSettingsTests {

	@Test
	void givesATopicItsOwnFormatAndEveryOtherTheDefault() {
		// given
		LogbatchProperties properties = bind(Map.of("logbatch.input.format", "LogFmt",
				"logbatch.input.topics.[hosts.syslog].format", "syslog"));

		// when / then
		assertThat(properties.input().formatOf("hosts.syslog")).isEqualTo(InputFormat.SYSLOG);
		assertThat(properties.input().formatOf("hosts")).isEqualTo(InputFormat.LOGFMT);
	}

	@Test
	void readsJsonWhenNothingIsSet() {
		assertThat(bind(Map.of()).input().formatOf("logs")).isEqualTo(InputFormat.JSON);
	}

	@Test
	void rejectsAnUnknownFormatNamingTheKey() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("logbatch.input.topics.[a.b].format", "xml")))
			.havingRootCause()
			.withMessage("logbatch.input.topics.[a.b].format must be one of " + InputFormat.names() + ", was 'xml'");
	}

	@Test
	void givesATopicThatSetsItsFormatOnlyItsOwnKeys() {
		// given a default pattern, one topic with a pattern of its own, one of clf and one of the default
		LogbatchProperties properties = bind(Map.of("logbatch.input.format", "pattern", "logbatch.input.pattern",
				"(?<timestamp>\\S+) (?<message>.*)", "logbatch.input.timestamp-format", "HH:mm:ss.SSS",
				"logbatch.input.zone", "Europe/Berlin", "logbatch.input.topics.[kafka.server].format",
				"pattern", "logbatch.input.topics.[kafka.server].pattern", "\\[(?<timestamp>[^\\]]+)\\] (?<message>.*)",
				"logbatch.input.topics.[kafka.server].timestamp-format", "yyyy-MM-dd HH:mm:ss,SSS",
				"logbatch.input.topics.[nginx].format", "clf"));

		// when / then
		assertThat(properties.input().settingsOf("kafka.server"))
			.isEqualTo(new FormatSettings(null, "\\[(?<timestamp>[^\\]]+)\\] (?<message>.*)", "yyyy-MM-dd HH:mm:ss,SSS", null));
		assertThat(properties.input().formatOf("nginx")).isEqualTo(InputFormat.CLF);
		assertThat(properties.input().settingsOf("nginx")).isEqualTo(FormatSettings.NONE);
		assertThat(properties.input().settingsOf("app"))
			.isEqualTo(new FormatSettings(null, "(?<timestamp>\\S+) (?<message>.*)", "HH:mm:ss.SSS", "Europe/Berlin"));
	}

	@Test
	void bindsAJsonEnvelopeWithItsMessageFormat() {
		// given
		LogbatchProperties properties = bind(Map.of("logbatch.input.topics.[filebeat].format", "json",
				"logbatch.input.topics.[filebeat].message-format", "clf"));

		// when / then
		assertThat(properties.input().formatOf("filebeat")).isEqualTo(InputFormat.JSON);
		assertThat(properties.input().settingsOf("filebeat")).isEqualTo(new FormatSettings("clf", null, null, null));
		assertThat(properties.input().settingsOf("logs")).isEqualTo(FormatSettings.NONE);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidFormatSettings")
	void rejectsAnInvalidFormatSettingWithOneLineNamingTheKey(String problem, Map<String, String> settings,
			String message) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(settings))
			.havingRootCause()
			.withMessage(message);
	}

	static Stream<Arguments> invalidFormatSettings() {
		String topic = "logbatch.input.topics.[app.logs].";
		return Stream.of(
				arguments("pattern format without pattern", Map.of("logbatch.input.format", "pattern"),
						"logbatch.input.pattern must be set: a Java regular expression with named groups, "
								+ "(?<message>...) at least"),
				arguments("pattern that does not compile", Map.of(topic + "format", "pattern", topic + "pattern",
						"(?<timestamp>\\S+ (?<message>.*)"),
						topic + "pattern is not a Java regular expression: Unclosed group near index 31 of "
								+ "'(?<timestamp>\\S+ (?<message>.*)'"),
				arguments("group name with a dot", Map.of(topic + "format", "pattern", topic + "pattern",
						"(?<log.level>\\S+) (?<message>.*)"),
						topic + "pattern is not a Java regular expression: named capturing group is missing trailing "
								+ "'>' near index 6 of '(?<log.level>\\S+) (?<message>.*)'"),
				arguments("pattern without message group", Map.of("logbatch.input.format", "pattern",
						"logbatch.input.pattern", "(?<timestamp>\\S+) (?<msg>.*)"),
						"logbatch.input.pattern has no group named message, (?<message>...): "
								+ "'(?<timestamp>\\S+) (?<msg>.*)'"),
				arguments("message only inside a character class", Map.of("logbatch.input.format", "pattern",
						"logbatch.input.pattern", "[(?<message>)]+"),
						"logbatch.input.pattern has no group named message, (?<message>...): '[(?<message>)]+'"),
				arguments("timestamp-format with an unknown letter", Map.of(topic + "format", "pattern",
						topic + "pattern", "(?<timestamp>\\S+) (?<message>.*)", topic + "timestamp-format",
						"yyyy-MM-dd'T'HH:mm:ss.bbb"),
						topic + "timestamp-format is not a java.time pattern: Unknown pattern letter: b, was "
								+ "'yyyy-MM-dd'T'HH:mm:ss.bbb'"),
				arguments("timestamp-format without date or time", Map.of(topic + "format", "pattern",
						topic + "pattern", "(?<timestamp>\\S+) (?<message>.*)", topic + "timestamp-format", "yyyy"),
						topic + "timestamp-format is not a java.time pattern: gives neither a date nor a time of day, "
								+ "was 'yyyy'"),
				arguments("timestamp-format without timestamp group", Map.of("logbatch.input.format", "pattern",
						"logbatch.input.pattern", "(?<message>.*)", "logbatch.input.timestamp-format", "HH:mm:ss"),
						"logbatch.input.timestamp-format is set but the pattern has no group named timestamp or "
								+ "publishedAt"),
				arguments("unknown zone", Map.of("logbatch.input.format", "pattern", "logbatch.input.pattern",
						"(?<timestamp>\\S+) (?<message>.*)", "logbatch.input.timestamp-format", "HH:mm:ss",
						"logbatch.input.zone", "Europe/Frankfurt"),
						"logbatch.input.zone must be a time zone such as UTC, Europe/Berlin or +02:00, was "
								+ "'Europe/Frankfurt'"),
				arguments("zone without timestamp-format", Map.of("logbatch.input.format", "pattern",
						"logbatch.input.pattern", "(?<timestamp>\\S+) (?<message>.*)", "logbatch.input.zone", "UTC"),
						"logbatch.input.zone applies with timestamp-format only: without it a timestamp is ISO-8601 "
								+ "with its offset, or an epoch number"),
				arguments("message-format beside logfmt", Map.of(topic + "format", "logfmt", topic + "message-format",
						"clf"), topic + "message-format applies to format json only, the format is logfmt"),
				arguments("unknown message-format", Map.of("logbatch.input.message-format", "logfmt"),
						"logbatch.input.message-format must be one of syslog, clf, pattern, was 'logfmt'"),
				arguments("pattern beside clf", Map.of(topic + "format", "clf", topic + "pattern", "(?<message>.*)"),
						topic + "pattern applies to format pattern (or json with message-format pattern) only, the "
								+ "format is clf"),
				arguments("zone beside a json envelope of syslog", Map.of("logbatch.input.message-format", "syslog",
						"logbatch.input.zone", "UTC"), "logbatch.input.zone applies to format pattern (or json with "
								+ "message-format pattern) only, the format is json with message-format syslog"),
				arguments("envelope of pattern without pattern", Map.of("logbatch.input.message-format", "pattern"),
						"logbatch.input.pattern must be set: a Java regular expression with named groups, "
								+ "(?<message>...) at least"),
				arguments("topic keys without the topic's format", Map.of(topic + "pattern", "(?<message>.*)"),
						topic + "pattern needs " + topic + "format beside it: a topic's settings replace the default "
								+ "ones only together with its own format"));
	}

	private static LogbatchProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("logbatch",
				LogbatchProperties.class);
	}

}
