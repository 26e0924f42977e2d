package io.logbatch.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.sql.SQLException;

import io.logbatch.parsing.LogEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopyRowsTests {

	private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void encodesLoneSurrogatesAsReplacementCharacterNotQuestionMark() {
		// given text that reached the writer with lone surrogates, the way a JSON "\ud800" escape decodes
		LogEvent event = event("a\uD800b\tc\uDC00", "{\"k\uDFFF\":\"\uDBFF\"}");

		// when
		String row = encode(event);

		// then: U+FFFD as PostgreSQL will store it, never a '?' that would look like the producer's text
		assertThat(row).contains("a\uFFFDb\tc\uFFFD").contains("{\"k\uFFFD\":\"\uFFFD\"}")
			.doesNotContain("a?b").doesNotContain("c?").doesNotContain("\"k?\"");
	}

	@Test
	void keepsSurrogatePairsAndOtherTextAsUtf8() {
		// given
		LogEvent event = event("emoji \uD83D\uDE00 clef \uD834\uDD1E, é 漢字 ? \\ \n", null);

		// when
		String row = encode(event);

		// then
		assertThat(row).contains("emoji \uD83D\uDE00 clef \uD834\uDD1E, é 漢字 ? \\ \n");
	}

	private static String encode(LogEvent event) {
		CopyRows rows = new CopyRows();
		try {
			rows.add(event);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No copy is in progress to fail", ex);
		}
		// binary: the text columns' bytes as they are, between the lengths
		return new String(rows.pending(), StandardCharsets.UTF_8);
	}

	private static LogEvent event(String message, String attributes) {
		return new LogEvent("e1", TIME, "INFO", null, null, message, null, attributes, "logs", 0, 0L, TIME);
	}

}
