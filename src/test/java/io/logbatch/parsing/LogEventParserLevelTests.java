package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Level normalization.
 */
class LogEventParserLevelTests {

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, 64 * 1024);

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "trace, TRACE", "TRACE, TRACE", "Trace, TRACE", "debug, DEBUG", "DEBUG, DEBUG", "info, INFO",
			"Info, INFO", "warn, WARN", "WARN, WARN", "warning, WARN", "Warning, WARN", "WARNING, WARN",
			"error, ERROR", "ERROR, ERROR", "err, ERROR", "ERR, ERROR", "fatal, FATAL", "FATAL, FATAL",
			"critical, FATAL", "CRITICAL, FATAL" })
	void normalizesKnownLevelsCaseInsensitively(String level, String expected) {
		assertThat(levelOf("{\"level\":\"" + level + "\"}")).isEqualTo(expected);
	}

	@Test
	void normalizesWarningToWarn() {
		assertThat(levelOf("{\"severity_text\":\"warning\"}")).isEqualTo("WARN");
	}

	// as Serilog and Microsoft.Extensions.Logging write them (Verbose, Information), syslog's severity
	// keywords (RFC 5424 table 2: emerg, alert, crit, err, warning, notice, info, debug; informational
	// in RFC 5424's text), and zap's and logrus's panic
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "Verbose, TRACE", "verbose, TRACE", "Information, INFO", "information, INFO",
			"informational, INFO", "Informational, INFO", "crit, FATAL", "alert, FATAL", "Alert, FATAL",
			"emerg, FATAL", "emergency, FATAL", "EMERGENCY, FATAL", "panic, FATAL", "PANIC, FATAL" })
	void normalizesTheLevelNamesOfOtherEcosystems(String level, String expected) {
		assertThat(levelOf("{\"level\":\"" + level + "\"}")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "notice, NOTICE", "dpanic, DPANIC", "e, E", "severe, SEVERE" })
	void keepsUnknownLevelUpperCased(String level, String expected) {
		assertThat(levelOf("{\"level\":\"" + level + "\"}")).isEqualTo(expected);
	}

	@Test
	void keepsNumericSeverityAsText() {
		assertThat(levelOf("{\"severity\":9}")).isEqualTo("9");
	}

	@Test
	void trimsLevelBeforeLookup() {
		assertThat(levelOf("{\"level\":\" warn \"}")).isEqualTo("WARN");
	}

	@Test
	void defaultsToInfoWhenAbsentOrBlank() {
		assertThat(levelOf("{\"message\":\"m\"}")).isEqualTo("INFO");
		assertThat(levelOf("{\"level\":\"\"}")).isEqualTo("INFO");
		assertThat(levelOf("{\"level\":\"  \"}")).isEqualTo("INFO");
	}

	@Test
	void upperCasesIndependentlyOfDefaultLocale() {
		Locale previous = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr-TR"));
		try {
			// in Turkish, "i".toUpperCase() is a dotted capital I
			assertThat(levelOf("{\"level\":\"info\"}")).isEqualTo("INFO");
			assertThat(levelOf("{\"level\":\"critical\"}")).isEqualTo("FATAL");
			assertThat(levelOf("{\"level\":\"notice\"}")).isEqualTo("NOTICE");
		}
		finally {
			Locale.setDefault(previous);
		}
	}

	private String levelOf(String json) {
		return this.parser.parse(record(json)).level();
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		return new ConsumerRecord<>("app-logs", 0, 0L, null, json.getBytes(StandardCharsets.UTF_8));
	}

}
