package io.logbatch.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NewEventsTests {

	@Test
	void ordersEventIdsAsPostgresqlsCOrderOfTheirUtf8Bytes() {
		// given ids mixing ASCII, the BMP above the surrogates (U+E000..U+FFFF) and supplementary
		// characters, which UTF-16 order and UTF-8 order disagree on
		char[] alphabet = { 'a', 'z', 'é', '\uE000', '\uFFFD', '\uD83D' };
		Random random = new Random(16);
		for (int i = 0; i < 20_000; i++) {
			String a = id(random, alphabet);
			String b = id(random, alphabet);

			// when
			int order = Integer.signum(NewEvents.compareCodePoints(a, b));

			// then
			assertThat(order).as("%s vs %s", a, b)
				.isEqualTo(Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
						b.getBytes(StandardCharsets.UTF_8))));
		}
	}

	private static String id(Random random, char[] alphabet) {
		StringBuilder id = new StringBuilder();
		int length = random.nextInt(4);
		for (int i = 0; i < length; i++) {
			char c = alphabet[random.nextInt(alphabet.length)];
			// a high surrogate always with a low one: ids with lone surrogates never reach the store
			id.append(c);
			if (Character.isHighSurrogate(c)) {
				id.append((char) ('\uDC00' + random.nextInt(1024)));
			}
		}
		return id.toString();
	}

}
