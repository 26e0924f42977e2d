package io.logbatch.parsing;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonToken;

/**
 * Parses a JSON object that wraps a raw line, as log shippers write them to Kafka (Filebeat's
 * {@code {"@timestamp":..,"message":"<line>","host":{"name":..},"log":{"file":{"path":..}},..}}, Fluent
 * Bit's and Docker's {@code {"log":"<line>\n",..}}), with {@code message-format} set: the object's
 * message is read as a line of that format ({@code syslog}, {@code clf}, {@code pattern}).
 * <p>
 * The message is the first string of {@code message}, {@code msg}, {@code body} or {@code log} (Fluent
 * Bit's tail input and Docker's json-file driver name the line {@code log}; an ECS {@code log} object
 * never matches); line breaks that end it are ignored. The line's fields win, and the envelope fills what
 * the line lacks, each by JSON's aliases ({@link LogEventParser}):
 * <ul>
 * <li>event id: the line's (a {@code pattern}'s {@code eventId} group), else the envelope's, else
 * {@code logbatch.event-id.fallback} over the record value;</li>
 * <li>occurred at: the line's timestamp, else the envelope's {@code @timestamp} (or alias), else the
 * Kafka record timestamp; published at likewise;</li>
 * <li>level, service, host, trace id: the line's, else the envelope's; level INFO when neither has
 * one;</li>
 * <li>message: the line's;</li>
 * <li>attributes: the envelope's other fields and the line's attributes, the line's winning on a name both
 * have, and {@code event.original}, the line as the envelope held it.</li>
 * </ul>
 * An envelope field that the line already gave is not consumed: it stays among the attributes, so
 * nothing the shipper sent is lost. An envelope without a string message, or whose message does not fit
 * the format, is {@code no-match}. Immutable and thread-safe.
 */
final class EnvelopeParser implements SingleEventParser {

	private static final FieldName[] MESSAGE = LogEventParser.names("message", "msg", "body", "log");

	private static final Predicate<Scalar> STRING = Scalar::isString;

	private static final Set<String> LOOKED_UP = FieldName.rootKeys(MESSAGE, LogEventParser.EVENT_ID,
			LogEventParser.OCCURRED_AT, LogEventParser.LEVEL, LogEventParser.MESSAGE, LogEventParser.SERVICE,
			LogEventParser.HOST, LogEventParser.TRACE_ID, LogEventParser.PUBLISHED_AT);

	static final String ORIGINAL = "event.original";

	private final LineFormat format;

	private final EventIdFallback fallback;

	private final int maxRecordBytes;

	EnvelopeParser(LineFormat format, EventIdFallback fallback, int maxRecordBytes) {
		this.format = format;
		this.fallback = fallback;
		this.maxRecordBytes = maxRecordBytes;
	}

	@Override
	public LogEvent parse(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = LogEventParser.checkSize(record.value(), this.maxRecordBytes);
		RecordFields fields = new RecordFields(JsonTree.readObject(value, LOOKED_UP));
		RecordFields.Field original = fields.take(MESSAGE, STRING);
		if (original == null) {
			throw new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not a " + this.format.name()
					+ " envelope: none of message, msg, body, log holds a string");
		}
		Instant recordTime = Instant.ofEpochMilli(record.timestamp());
		ParsedLine line = this.format.read(LineFormat.withoutLineBreak(original.value().text()), recordTime);
		String eventId = eventId(line, fields, value);
		Instant occurredAt = (line.occurredAt() != null) ? line.occurredAt()
				: LogEventParser.timestamp(fields.take(LogEventParser.OCCURRED_AT, LogEventParser.PRESENT), recordTime);
		String level = orEnvelope(line.level(), fields, LogEventParser.LEVEL);
		String service = orEnvelope(line.service(), fields, LogEventParser.SERVICE);
		String host = orEnvelope(line.host(), fields, LogEventParser.HOST);
		String traceId = orEnvelope(line.traceId(), fields, LogEventParser.TRACE_ID);
		Instant publishedAt = (line.publishedAt() != null) ? line.publishedAt()
				: LogEventParser.timestamp(fields.take(LogEventParser.PUBLISHED_AT, LogEventParser.PRESENT),
						recordTime);
		JsonFields attributes = fields.remaining();
		attributes.putAll(line.attributes());
		attributes.put(ORIGINAL, new Scalar(JsonToken.VALUE_STRING, original.value().text()));
		return new LogEvent(eventId, occurredAt, Levels.normalize(level), LineParser.storable(service),
				LineParser.storable(host), LineParser.storable(line.message()), LineParser.storable(traceId),
				JsonTree.write(attributes), record.topic(), record.partition(), record.offset(), publishedAt);
	}

	private String eventId(ParsedLine line, RecordFields fields, byte[] value) {
		if (line.eventId() != null) {
			return LogEventParser.checkedEventId("eventId", line.eventId());
		}
		RecordFields.Field id = fields.take(LogEventParser.EVENT_ID, LogEventParser.USABLE_ID);
		if (id != null) {
			return LogEventParser.checkedEventId(id.name(), id.value().text());
		}
		return LogEventParser.fallbackEventId(this.fallback, value, "neither the " + this.format.name()
				+ " line nor any of event_id, eventId, event.id, id holds an event id");
	}

	/** The line's value, else the envelope's first non-null one under these aliases, which is then consumed. */
	private static @Nullable String orEnvelope(@Nullable String fromLine, RecordFields fields, FieldName[] aliases) {
		if (fromLine != null) {
			return fromLine;
		}
		RecordFields.Field field = fields.take(aliases, LogEventParser.PRESENT);
		return (field != null) ? field.value().text() : null;
	}

}
