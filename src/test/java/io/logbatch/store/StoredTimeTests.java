package io.logbatch.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.logbatch.support.Database;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTimeTests {

	private static final DateTimeFormatter NINE_DIGITS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'");

	@Test
	void roundsToTheMicrosecondExactlyAsPostgresqlReadsNineFractionalDigits() {
		// given instants with every kind of sub-microsecond part: ties (x500 ns) at many places, which
		// rint rounds to even only as far as the double of the fraction allows, near-ties, the last
		// nanoseconds of a second, and random ones, from year 0001 to 9999
		List<Instant> instants = new ArrayList<>();
		Random random = new Random(16);
		long[] seconds = { Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(), -1, 0,
				Instant.parse("2024-05-01T10:00:00Z").getEpochSecond(),
				Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() };
		for (long second : seconds) {
			for (int micro = 0; micro < 1_000_000; micro += 997) {
				instants.add(Instant.ofEpochSecond(second, micro * 1000L + 500));
				instants.add(Instant.ofEpochSecond(second, micro * 1000L + 499));
				instants.add(Instant.ofEpochSecond(second, micro * 1000L + 501));
			}
			for (int nano = 999_999_000; nano < 1_000_000_000; nano += 7) {
				instants.add(Instant.ofEpochSecond(second, nano));
			}
			for (int i = 0; i < 3000; i++) {
				instants.add(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
			}
		}
		String[] texts = new String[instants.size()];
		Long[] micros = new Long[instants.size()];
		for (int i = 0; i < texts.length; i++) {
			// as logbatch sent every time before it rounded them itself
			texts[i] = LocalDateTime.ofEpochSecond(instants.get(i).getEpochSecond(), instants.get(i).getNano(),
					ZoneOffset.UTC).format(NINE_DIGITS);
			micros[i] = StoredTime.micros(instants.get(i));
		}

		// when PostgreSQL reads the nine digits
		List<String> differences = Database.jdbc().execute((java.sql.Connection connection) -> {
			try (var statement = connection.prepareStatement("""
					SELECT t.text || ' is ' || CAST(t.text AS timestamptz) || ', not ' || t.micros || ' us'
					FROM unnest(CAST(? AS text[]), CAST(? AS bigint[])) AS t(text, micros)
					WHERE extract(epoch FROM CAST(t.text AS timestamptz)) * 1000000 <> t.micros
					LIMIT 10""")) {
				statement.setArray(1, connection.createArrayOf("text", texts));
				statement.setArray(2, connection.createArrayOf("bigint", micros));
				List<String> found = new ArrayList<>();
				try (var rows = statement.executeQuery()) {
					while (rows.next()) {
						found.add(rows.getString(1));
					}
				}
				return found;
			}
		});

		// then
		assertThat(texts).hasSizeGreaterThan(20_000);
		assertThat(differences).isEmpty();
	}

}
