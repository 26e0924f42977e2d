package io.logbatch.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

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
		assertThat(row).contains("\ta\uFFFDb\\tc\uFFFD\t").contains("\t{\"k\uFFFD\":\"\uFFFD\"}\t").doesNotContain("?");
	}

	@Test
	void keepsSurrogatePairsAndOtherTextAsUtf8() {
		// given
		LogEvent event = event("emoji \uD83D\uDE00 clef \uD834\uDD1E, é 漢字 ? \\ \n", null);

		// when
		String row = encode(event);

		// then
		assertThat(row).contains("\temoji \uD83D\uDE00 clef \uD834\uDD1E, é 漢字 ? \\\\ \\n\t").contains("\t\\N\t");
	}

	private static String encode(LogEvent event) {
		CopyRows rows = new CopyRows();
		rows.add(event);
		return new String(Arrays.copyOf(rows.buffer(), rows.length()), StandardCharsets.UTF_8);
	}

	private static LogEvent event(String message, String attributes) {
		return new LogEvent("e1", TIME, "INFO", null, null, message, null, attributes, "logs", 0, 0L, TIME);
	}

}
