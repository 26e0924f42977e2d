package io.logbatch;

import java.util.Map;

import io.logbatch.parsing.InputFormat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code logbatch.input.*} binds: a topic's own format, else the default one.
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
			.isThrownBy(() -> bind(Map.of("logbatch.input.topics.[a.b].format", "clf")))
			.havingRootCause()
			.withMessage("logbatch.input.topics.[a.b].format must be one of json, logfmt, syslog, otlp-json, otlp-proto, was 'clf'");
	}

	private static LogbatchProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("logbatch",
				LogbatchProperties.class);
	}

}
