package io.logbatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

import io.logbatch.bench.CorpusRecord.Kind;

/**
 * A deterministic corpus of JSON log records of about 330 bytes, in the flat form of SPEC's input:
 * {@code event_id}, {@code @timestamp}, {@code level}, {@code service}, {@code host}, {@code message},
 * {@code trace_id}, {@code published_at}, and a few attributes.
 * <p>
 * Every record is a function of the seed and its index alone, so a corpus can be streamed any number
 * of times without being kept: to the broker, and again for the COPY-only load. A duplicate repeats
 * the value of an original picked at random among all earlier ones, so duplicates of one event land in
 * any partition; a malformed record is the first half of an original's value.
 */
final class Corpus {

	private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

	private static final HexFormat HEX = HexFormat.of();

	private static final String[] SERVICES = { "checkout", "payments", "search", "auth", "inventory", "shipping",
			"catalog", "pricing", "notifications", "accounts", "gateway", "recommendations" };

	private static final String[] METHODS = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };

	private static final String[] RESOURCES = { "orders", "customers", "carts", "products", "invoices", "sessions" };

	// Attempts to find an earlier original for a duplicate; only the first few records can run out.
	private static final int DUPLICATE_ATTEMPTS = 64;

	private final CorpusShape shape;

	Corpus(CorpusShape shape) {
		this.shape = shape;
	}

	CorpusShape shape() {
		return this.shape;
	}

	/** Hands every record to the action, in corpus order. */
	void forEach(Consumer<CorpusRecord> action) {
		int partitions = this.shape.partitions();
		for (long i = 0; i < this.shape.records(); i++) {
			action.accept(record(i, (int) (i % partitions), i / partitions));
		}
	}

	private CorpusRecord record(long index, int partition, long offset) {
		Kind kind = intendedKind(index);
		if (kind == Kind.MALFORMED) {
			byte[] value = original(index);
			return new CorpusRecord(index, partition, offset, kind, Arrays.copyOf(value, value.length / 2));
		}
		if (kind == Kind.DUPLICATE) {
			long source = duplicateSource(index);
			if (source >= 0) {
				return new CorpusRecord(index, partition, offset, kind, original(source));
			}
		}
		return new CorpusRecord(index, partition, offset, Kind.ORIGINAL, original(index));
	}

	private Kind intendedKind(long index) {
		double u = new SplittableRandom(mix(this.shape.seed(), index, 1)).nextDouble();
		if (u < this.shape.malformed()) {
			return Kind.MALFORMED;
		}
		return (u < this.shape.malformed() + this.shape.duplicates()) ? Kind.DUPLICATE : Kind.ORIGINAL;
	}

	// An earlier record meant as an original; -1 when the draws find none (only near the start).
	private long duplicateSource(long index) {
		if (index == 0) {
			return -1;
		}
		SplittableRandom random = new SplittableRandom(mix(this.shape.seed(), index, 2));
		for (int attempt = 0; attempt < DUPLICATE_ATTEMPTS; attempt++) {
			long candidate = random.nextLong(index);
			if (intendedKind(candidate) == Kind.ORIGINAL) {
				return candidate;
			}
		}
		return -1;
	}

	private byte[] original(long index) {
		SplittableRandom random = new SplittableRandom(mix(this.shape.seed(), index, 3));
		String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
		Instant occurredAt = START.plusMillis(index * 3 + random.nextInt(3));
		Instant publishedAt = occurredAt.plusMillis(5 + random.nextInt(200));
		String service = SERVICES[random.nextInt(SERVICES.length)];
		String method = METHODS[random.nextInt(METHODS.length)];
		String resource = RESOURCES[random.nextInt(RESOURCES.length)];
		int status = status(random);
		int durationMs = 1 + random.nextInt(1500);
		String value = "{\"event_id\":\"" + eventId + "\",\"@timestamp\":\"" + occurredAt + "\",\"level\":\""
				+ level(status, random) + "\",\"service\":\"" + service + "\",\"host\":\"" + service + "-"
				+ random.nextInt(16) + "\",\"message\":\"" + method + " /api/v2/" + resource + "/"
				+ random.nextInt(10_000_000) + " " + status + "\",\"trace_id\":\""
				+ HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong()) + "\",\"published_at\":\""
				+ publishedAt + "\",\"http\":{\"method\":\"" + method + "\",\"status\":" + status
				+ "},\"duration_ms\":" + durationMs + "}";
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static int status(SplittableRandom random) {
		int roll = random.nextInt(100);
		return (roll < 85) ? 200 : (roll < 92) ? 201 : (roll < 97) ? 404 : 500;
	}

	private static String level(int status, SplittableRandom random) {
		if (status == 500) {
			return "ERROR";
		}
		if (status == 404) {
			return "WARN";
		}
		return (random.nextInt(10) == 0) ? "DEBUG" : "INFO";
	}

	// SplitMix64's finalizer over the seed, the index and a purpose, so that each draw is independent.
	private static long mix(long seed, long index, int purpose) {
		long z = seed + index * 0x9E3779B97F4A7C15L + purpose * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
