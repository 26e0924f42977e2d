package io.logbatch.parsing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content-hash ids, attributes, and text that must survive unchanged or be made storable.
 */
class LogEventParserContentTests {

	private final LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, 64 * 1024);

	@Test
	void hashesRawValueWhenEventIdIsAbsent() {
		// given bytes whose SHA-256 was computed with sha256sum
		String json = "{\"message\":\"hello\"}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.eventId()).isEqualTo("9b2d43affbf49a367028df2e1414f84c0e099ac98c3d54a8a80157fd7771af25");
	}

	@Test
	void givesIdenticalValuesIdenticalHashes() {
		assertThat(parse("{\"msg\":\"no id here\"}").eventId())
			.isEqualTo("cc221d0fea0fc82aeee470703c12ceabf30b890e96987d525b3b8f9ae25ed211")
			.isEqualTo(parse("{\"msg\":\"no id here\"}").eventId());
	}

	@Test
	void keepsUnknownFieldsAsCompactJsonInDocumentOrder() {
		// given
		String json = """
				{ "message": "m", "http": { "request": { "method": "GET" } },
				  "tags": ["a", {"b": null}], "empty": {}, "ratio": 1.50, "big": 1e400,
				  "ok": false, "gone": null, "quote": "a\\"b\\\\c\\n\\t" }""";

		// when
		LogEvent event = parse(json);

		// then: numbers keep their text, untouched empty objects stay
		assertThat(event.attributes()).isEqualTo("{\"http\":{\"request\":{\"method\":\"GET\"}},"
				+ "\"tags\":[\"a\",{\"b\":null}],\"empty\":{},\"ratio\":1.50,\"big\":1e400,\"ok\":false,"
				+ "\"gone\":null,\"quote\":\"a\\\"b\\\\c\\n\\t\"}");
	}

	@Test
	void removesTakenFieldsAndObjectsLeftEmpty() {
		// given an ECS record where every named field sits in a nested object
		String json = "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"id\":\"e1\"},\"log\":{\"level\":\"warn\","
				+ "\"logger\":\"app\"},\"service\":{\"name\":\"svc\"},\"host\":{\"name\":\"h\"},"
				+ "\"trace\":{\"id\":\"t\",\"flags\":1},\"message\":\"m\",\"published_at\":1}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.attributes()).isEqualTo("{\"log\":{\"logger\":\"app\"},\"trace\":{\"flags\":1}}");
		assertThat(event).extracting(LogEvent::eventId, LogEvent::level, LogEvent::service, LogEvent::host,
				LogEvent::traceId, LogEvent::message)
			.containsExactly("e1", "WARN", "svc", "h", "t", "m");
	}

	@Test
	void hasNullAttributesWhenEverythingWasTaken() {
		assertThat(parse("{\"id\":\"e1\",\"message\":\"m\",\"log\":{\"level\":\"info\"}}").attributes()).isNull();
	}

	@Test
	void keepsJapaneseAndEmojiIntact() {
		// given
		String json = "{\"message\":\"ユーザー認証に失敗しました 🔒\",\"host\":\"サーバー1\","
				+ "\"user\":{\"名前\":\"太郎 👋🏽\"},\"escaped\":\"\\u00e9\\ud83d\\ude00\"}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.message()).isEqualTo("ユーザー認証に失敗しました 🔒");
		assertThat(event.host()).isEqualTo("サーバー1");
		assertThat(event.attributes()).isEqualTo("{\"user\":{\"名前\":\"太郎 👋🏽\"},\"escaped\":\"é😀\"}");
	}

	@Test
	void replacesNulInExtractedStringsAndAttributes() {
		// given NUL written as the JSON escape, in values and in a key
		String json = "{\"id\":\"e1\",\"message\":\"a\\u0000b\",\"service\":\"\\u0000\","
				+ "\"k\\u0000\":{\"v\":\"x\\u0000\"}}";

		// when
		LogEvent event = parse(json);

		// then
		assertThat(event.eventId()).isEqualTo("e1");
		assertThat(event.message()).isEqualTo("a\uFFFDb");
		assertThat(event.service()).isEqualTo("\uFFFD");
		assertThat(event.attributes()).isEqualTo("{\"k\uFFFD\":{\"v\":\"x\uFFFD\"}}").doesNotContain("\\u0000");
	}

	@Test
	void replacesLoneSurrogatesInExtractedStringsAndAttributes() {
		// given lone surrogates as Python's json.dumps writes them: in the message, a key, nested values, an array
		String json = """
				{"id":"e1","message":"a\\ud800b","host":"\\udfff","trace_id":"t\\udc00\\ud800",\
				"k\\ud800":{"v":"x\\udbff"},"list":["\\udc00",{"\\udfffk":"ok \\ud83d\\ude00"}]}""";

		// when
		LogEvent event = parse(json);

		// then: each lone surrogate becomes U+FFFD, a valid pair stays
		assertThat(event.message()).isEqualTo("a\uFFFDb");
		assertThat(event.host()).isEqualTo("\uFFFD");
		assertThat(event.traceId()).isEqualTo("t\uFFFD\uFFFD");
		assertThat(event.attributes())
			.isEqualTo("{\"k\uFFFD\":{\"v\":\"x\uFFFD\"},\"list\":[\"\uFFFD\",{\"\uFFFDk\":\"ok \uD83D\uDE00\"}]}");
	}

	@Test
	void replacesNulAndLoneSurrogatesInStringsTakenAsLevel() {
		assertThat(parse("{\"level\":\"warn\\u0000\\ud800\"}").level()).isEqualTo("WARN\uFFFD\uFFFD");
	}

	@Test
	void keepsLaterDuplicateKey() {
		LogEvent event = parse("{\"message\":\"first\",\"message\":\"second\",\"x\":1,\"x\":2}");

		assertThat(event.message()).isEqualTo("second");
		assertThat(event.attributes()).isEqualTo("{\"x\":2}");
	}

	@Test
	void isSafeToShareAcrossThreads() throws Exception {
		// given
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<Future<Boolean>> results = new ArrayList<>();

		// when
		try {
			for (int thread = 0; thread < 4; thread++) {
				int offset = thread;
				results.add(executor.submit(() -> parsesConsistently(offset)));
			}

			// then
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private boolean parsesConsistently(int seed) {
		for (int i = 0; i < 2_000; i++) {
			int n = seed * 10_000 + i;
			LogEvent event = parse("{\"id\":\"e" + n + "\",\"log\":{\"level\":\"warning\"},\"host\":{\"name\":\"h"
					+ n + "\",\"ip\":\"" + n + "\"},\"ts\":" + n + "}");
			if (!event.eventId().equals("e" + n) || !event.level().equals("WARN") || !("h" + n).equals(event.host())
					|| event.occurredAt().getEpochSecond() != n
					|| !("{\"host\":{\"ip\":\"" + n + "\"}}").equals(event.attributes())) {
				return false;
			}
		}
		return true;
	}

	private LogEvent parse(String json) {
		return this.parser.parse(record(json));
	}

	private static ConsumerRecord<byte[], byte[]> record(String json) {
		return new ConsumerRecord<>("app-logs", 0, 0L, null, json.getBytes(StandardCharsets.UTF_8));
	}

}
