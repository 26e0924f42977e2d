package io.logbatch.parsing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Parses a Kafka record whose value is a UTF-8 JSON object into a {@link LogEvent}.
 * <p>
 * Each event field is taken from the first of its aliases that holds a non-null scalar, where a dotted
 * alias such as {@code log.level} also matches the nested form {@code {"log":{"level":...}}}:
 * <ul>
 * <li>event id: {@code event_id}, {@code eventId}, {@code event.id}, {@code id} (a non-empty string or an
 * integer); when none is usable, the {@link EventIdFallback} decides</li>
 * <li>occurred at: {@code @timestamp}, {@code timestamp}, {@code time}, {@code ts}; defaults to the Kafka
 * record timestamp</li>
 * <li>level: {@code level}, {@code log.level}, {@code severity}, {@code severity_text}; defaults to
 * INFO</li>
 * <li>message: {@code message}, {@code msg}, {@code body}</li>
 * <li>service: {@code service}, {@code service.name}</li>
 * <li>host: {@code host}, {@code host.name}, {@code hostname}</li>
 * <li>trace id: {@code trace_id}, {@code traceId}, {@code trace.id}</li>
 * <li>published at: {@code published_at}, {@code publishedAt}; defaults to the Kafka record
 * timestamp</li>
 * </ul>
 * Message, service, host and trace id default to {@code null}. Every field not taken stays in the
 * attributes. Timestamps are ISO-8601 with an offset or an epoch number whose magnitude says its unit
 * ({@link Timestamps}). U+0000 and lone surrogates in any text but the event id are replaced by U+FFFD
 * because PostgreSQL cannot store them ({@link StorableText}).
 * <p>
 * An {@link InvalidRecordException} rejects a value that is null or empty, longer than
 * {@code maxRecordBytes}, not strictly valid UTF-8, not exactly one JSON object, or that has a timestamp
 * that cannot be parsed; with {@link EventIdFallback#REJECT} also one without a usable event id. An event
 * id over {@value #MAX_EVENT_ID_BYTES} UTF-8 bytes or holding U+0000 or a lone surrogate is rejected too:
 * replacing a character would give two distinct ids one row, and PostgreSQL cannot index a long id (a
 * btree entry holds at most 2,704 bytes).
 * <p>
 * Instances are immutable and thread-safe; one can serve all consumer threads.
 */
public final class LogEventParser implements SingleEventParser {

	static final FieldName[] EVENT_ID = names("event_id", "eventId", "event.id", "id");

	static final FieldName[] OCCURRED_AT = names("@timestamp", "timestamp", "time", "ts");

	static final FieldName[] LEVEL = names("level", "log.level", "severity", "severity_text");

	static final FieldName[] MESSAGE = names("message", "msg", "body");

	static final FieldName[] SERVICE = names("service", "service.name");

	static final FieldName[] HOST = names("host", "host.name", "hostname");

	static final FieldName[] TRACE_ID = names("trace_id", "traceId", "trace.id");

	static final FieldName[] PUBLISHED_AT = names("published_at", "publishedAt");

	/** The members of a record's object that the aliases above look up; the rest are attributes as they are. */
	static final Set<String> LOOKED_UP = FieldName.rootKeys(EVENT_ID, OCCURRED_AT, LEVEL, MESSAGE, SERVICE, HOST,
			TRACE_ID, PUBLISHED_AT);

	/** The longest accepted event id in UTF-8 bytes. */
	static final int MAX_EVENT_ID_BYTES = 1024;

	static final Predicate<Scalar> PRESENT = (value) -> !value.isNull();

	// A boolean, a fraction or an empty string identifies nothing; the next alias gets its chance.
	static final Predicate<Scalar> USABLE_ID = (value) -> value.isIntegral()
			|| (value.isString() && !value.text().isEmpty());

	private final EventIdFallback fallback;

	private final int maxRecordBytes;

	/**
	 * @param fallback what to do when a record has no usable event id
	 * @param maxRecordBytes the largest accepted record value in bytes, at least 1
	 */
	public LogEventParser(EventIdFallback fallback, int maxRecordBytes) {
		if (maxRecordBytes < 1) {
			throw new IllegalArgumentException("maxRecordBytes must be at least 1, was " + maxRecordBytes);
		}
		this.fallback = Objects.requireNonNull(fallback, "fallback");
		this.maxRecordBytes = maxRecordBytes;
	}

	/**
	 * Parses one record.
	 * @param record a record with the raw value bytes; key and headers are ignored
	 * @return the normalized event
	 * @throws InvalidRecordException if the record can never become an event
	 */
	@Override
	public LogEvent parse(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = checkSize(record.value(), this.maxRecordBytes);
		return event(JsonTree.readObject(value, LOOKED_UP), value, record);
	}

	/**
	 * Maps the fields of a record, however they were read, to an event by the aliases above; shared with
	 * the formats whose fields are named like JSON's ({@link LogfmtParser}).
	 */
	LogEvent event(JsonFields root, byte[] value, ConsumerRecord<byte[], byte[]> record) {
		RecordFields fields = new RecordFields(root);
		Instant recordTime = Instant.ofEpochMilli(record.timestamp());
		String eventId = eventId(fields.take(EVENT_ID, USABLE_ID), value);
		Instant occurredAt = timestamp(fields.take(OCCURRED_AT, PRESENT), recordTime);
		String level = Levels.normalize(text(fields.take(LEVEL, PRESENT)));
		String message = text(fields.take(MESSAGE, PRESENT));
		String service = text(fields.take(SERVICE, PRESENT));
		String host = text(fields.take(HOST, PRESENT));
		String traceId = text(fields.take(TRACE_ID, PRESENT));
		Instant publishedAt = timestamp(fields.take(PUBLISHED_AT, PRESENT), recordTime);
		return new LogEvent(eventId, occurredAt, level, service, host, message, traceId, fields.attributes(),
				record.topic(), record.partition(), record.offset(), publishedAt);
	}

	/** Rejects an empty value or one over the limit, before any format looks at it. */
	static byte[] checkSize(byte @Nullable [] value, int maxRecordBytes) {
		if (value == null || value.length == 0) {
			throw new InvalidRecordException(InvalidRecordException.Reason.EMPTY_VALUE,
					(value == null) ? "record value is null" : "record value is empty");
		}
		if (value.length > maxRecordBytes) {
			throw new InvalidRecordException(InvalidRecordException.Reason.TOO_LARGE,
					"record value has " + value.length + " bytes, the limit is " + maxRecordBytes);
		}
		return value;
	}

	private String eventId(RecordFields.@Nullable Field field, byte[] value) {
		if (field != null) {
			return checkedEventId(field.name(), field.value().text());
		}
		return fallbackEventId(this.fallback, value,
				"none of event_id, eventId, event.id, id holds a non-empty string or an integer");
	}

	/**
	 * The id of a record without one: the content hash, so that a redelivery of the same bytes is the same
	 * event, or a rejection saying why there was none.
	 */
	static String fallbackEventId(EventIdFallback fallback, byte[] value, String missing) {
		if (fallback == EventIdFallback.REJECT) {
			throw new InvalidRecordException(InvalidRecordException.Reason.MISSING_EVENT_ID, missing);
		}
		return sha256Hex(value);
	}

	/**
	 * Returns the id found under {@code name}, or rejects it as {@code bad-event-id}; shared with the
	 * formats that carry an id of their own ({@link LineParser}, {@link EnvelopeParser}, {@link OtlpEvents}).
	 * The first usable alias is the id even when it is bad: falling through to a later alias would store the
	 * record under a value that its producer did not mean as its id.
	 */
	static String checkedEventId(String name, String id) {
		int unstorable = StorableText.firstUnstorable(id);
		if (unstorable >= 0) {
			throw new InvalidRecordException(InvalidRecordException.Reason.BAD_EVENT_ID,
					"field '" + name + "' holds " + StorableText.describe(id, unstorable) + " at index " + unstorable
							+ ", which PostgreSQL cannot store; replacing it could merge two events");
		}
		// Every char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2), so short ids need no counting.
		if (id.length() > MAX_EVENT_ID_BYTES / 3) {
			int bytes = utf8Length(id);
			if (bytes > MAX_EVENT_ID_BYTES) {
				throw new InvalidRecordException(InvalidRecordException.Reason.BAD_EVENT_ID,
						"field '" + name + "' has " + bytes + " UTF-8 bytes, the limit is " + MAX_EVENT_ID_BYTES);
			}
		}
		return id;
	}

	/** The UTF-8 length of text without lone surrogates. */
	private static int utf8Length(String text) {
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			// a surrogate pair is 4 bytes, 2 for each of its halves
			bytes += (c < 0x80) ? 1 : (c < 0x800 || Character.isSurrogate(c)) ? 2 : 3;
		}
		return bytes;
	}

	static Instant timestamp(RecordFields.@Nullable Field field, Instant recordTime) {
		return (field != null) ? Timestamps.parse(field) : recordTime;
	}

	static @Nullable String text(RecordFields.@Nullable Field field) {
		return (field != null) ? StorableText.replaceUnstorable(field.value().text()) : null;
	}

	private static String sha256Hex(byte[] value) {
		try {
			// MessageDigest is stateful, so a shared instance would need locking; getInstance is cheap.
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	static FieldName[] names(String... names) {
		FieldName[] fieldNames = new FieldName[names.length];
		for (int i = 0; i < names.length; i++) {
			fieldNames[i] = FieldName.of(names[i]);
		}
		return fieldNames;
	}

}
