package io.logbatch.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.logbatch.bench.CorpusRecord.Kind;

/**
 * A deterministic corpus of log events ({@link CorpusEvent}), and its JSON records of about 330 bytes,
 * in the flat form of SPEC's input: {@code event_id}, {@code @timestamp}, {@code level}, {@code service},
 * {@code host}, {@code message}, {@code trace_id}, {@code published_at}, and a few attributes.
 * <p>
 * Every event is a function of the seed and its index alone, so a corpus can be streamed any number
 * of times without being kept: to the broker, and again for the COPY-only load. A duplicate repeats
 * an original picked at random among all earlier ones, so duplicates of one event land in any partition;
 * a malformed entry stands for a record of the original at its index that its format cannot read (in
 * JSON, the first half of its value). {@link FormatCorpus} renders the same entries in other formats.
 */
final class Corpus implements CorpusSource {

	/** The time of the first event; the others follow it about 3 ms apart. */
	static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

	private static final HexFormat HEX = HexFormat.of();

	private static final String[] SERVICES = { "checkout", "payments", "search", "auth", "inventory", "shipping",
			"catalog", "pricing", "notifications", "accounts", "gateway", "recommendations" };

	private static final String[] METHODS = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };

	private static final String[] RESOURCES = { "orders", "customers", "carts", "products", "invoices", "sessions" };

	// Clients of an HTTP API: browsers, mobile apps, scripts and other services.
	private static final String[] USER_AGENTS = {
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
					+ "Chrome/120.0.0.0 Safari/537.36",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
					+ "Version/17.2 Safari/605.1.15",
			"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
					+ "Version/17.2 Mobile/15E148 Safari/604.1",
			"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "okhttp/4.12.0",
			"Go-http-client/1.1", "python-requests/2.31.0", "curl/8.5.0" };

	private static final String[] REFERERS = { "https://shop.example.com/", "https://shop.example.com/cart",
			"https://shop.example.com/search?q=shoes", "https://www.google.com/" };

	// Attempts to find an earlier original for a duplicate; only the first few records can run out.
	private static final int DUPLICATE_ATTEMPTS = 64;

	private final CorpusShape shape;

	Corpus(CorpusShape shape) {
		this.shape = shape;
	}

	CorpusShape shape() {
		return this.shape;
	}

	/** The UTC days its events occur on, in order: each needs its partition of {@code log_event}. */
	List<LocalDate> days() {
		LocalDate last = START.plusMillis((this.shape.records() - 1) * 3L + 2).atZone(ZoneOffset.UTC).toLocalDate();
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate day = START.atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
			days.add(day);
		}
		return days;
	}

	/** Hands every JSON record to the action, in corpus order. */
	@Override
	public void forEach(Consumer<CorpusRecord> action) {
		int partitions = this.shape.partitions();
		forEachEntry((entry) -> {
			long index = entry.index();
			byte[] value = FormatLines.json(entry.event());
			if (entry.kind() == Kind.MALFORMED) {
				value = Arrays.copyOf(value, value.length / 2);
			}
			action.accept(new CorpusRecord(index, (int) (index % partitions), index / partitions, entry.kind(), value));
		});
	}

	/** Hands every entry to the action, in corpus order. */
	void forEachEntry(Consumer<Entry> action) {
		for (long i = 0; i < this.shape.records(); i++) {
			action.accept(entry(i));
		}
	}

	private Entry entry(long index) {
		Kind kind = intendedKind(index);
		if (kind == Kind.DUPLICATE) {
			long source = duplicateSource(index);
			if (source >= 0) {
				return new Entry(index, kind, original(source));
			}
			kind = Kind.ORIGINAL;
		}
		return new Entry(index, kind, original(index));
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

	// The draws of the JSON fields come first, in the order of the corpus's first version, so that its JSON
	// records stay the same bytes; the fields only other formats carry draw from a stream of their own.
	private CorpusEvent original(long index) {
		SplittableRandom random = new SplittableRandom(mix(this.shape.seed(), index, 3));
		String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
		Instant occurredAt = START.plusMillis(index * 3 + random.nextInt(3));
		Instant publishedAt = occurredAt.plusMillis(5 + random.nextInt(200));
		String service = SERVICES[random.nextInt(SERVICES.length)];
		String method = METHODS[random.nextInt(METHODS.length)];
		String resource = RESOURCES[random.nextInt(RESOURCES.length)];
		int status = status(random);
		int durationMs = 1 + random.nextInt(1500);
		String level = level(status, random);
		String host = service + "-" + random.nextInt(16);
		int resourceId = random.nextInt(10_000_000);
		String traceId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
		SplittableRandom more = new SplittableRandom(mix(this.shape.seed(), index, 4));
		String spanId = HEX.toHexDigits(more.nextLong());
		String clientIp = "10." + more.nextInt(256) + "." + more.nextInt(256) + "." + (1 + more.nextInt(254));
		String userAgent = USER_AGENTS[more.nextInt(USER_AGENTS.length)];
		String referer = (more.nextInt(5) == 0) ? REFERERS[more.nextInt(REFERERS.length)] : "-";
		int responseBytes = (status == 404) ? 150 + more.nextInt(50) : 200 + more.nextInt(20_000);
		String thread = "http-nio-8080-exec-" + (1 + more.nextInt(200));
		return new CorpusEvent(eventId, occurredAt, publishedAt, level, service, host, method, resource, resourceId,
				status, durationMs, traceId, spanId, clientIp, userAgent, referer, responseBytes, thread);
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

	/**
	 * One position of the corpus.
	 *
	 * @param index its position, from 0
	 * @param kind what it is
	 * @param event the event it carries: its own, the repeated original's, or (malformed) the one its
	 * unreadable record was made from
	 */
	record Entry(long index, Kind kind, CorpusEvent event) {
	}

}
