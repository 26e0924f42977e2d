package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written fast path must accept exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} accepts.
 */
class IsoTimestampTests {

	@ParameterizedTest
	@ValueSource(strings = { "2024-05-01T10:00:00Z", "2024-05-01T12:00:00.123456+02:00",
			"2024-02-29T23:59:59.999999999-18:00", "2024-05-01T10:00:00-00:00", "2024-05-01T10:00:00+18:00",
			"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-05-01t10:00:00z", "2024-05-01T10:00Z",
			"2024-05-01T10:00:00+02", "2024-05-01T10:00:00+02:00:30", "2024-05-01T10:00:00.Z",
			"2023-02-29T10:00:00Z", "2024-04-31T10:00:00Z", "2024-13-01T10:00:00Z", "2024-05-01T24:00:00Z",
			"2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00+18:30", "2024-05-01T10:00:00+02:60",
			"2024-05-01T10:00:00.1234567890Z", "2024-05-01T10:00:00+0200", "2024-05-01T10:00:00",
			"2024-05-01T10:00:00ZZ", "2024-05-01T10:00:00.12a+02:00", "2024-05-01T10:00:00+02:00 ",
			"2024-05-0xT10:00:00Z", "+2024-05-01T10:00:00Z", "", "Z", "abc" })
	void agreesWithIsoOffsetDateTimeFormatter(String text) {
		assertThat(IsoTimestamp.parse(text)).isEqualTo(formatter(text));
	}

	private static @Nullable Instant formatter(String text) {
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
