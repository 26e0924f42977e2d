package io.logbatch.parsing;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Parses a record value that is one text line of a {@link LineFormat} ({@code syslog}, {@code clf},
 * {@code pattern}) into a {@link LogEvent}, giving it what the line does not say: the Kafka record
 * timestamp as occurred at and published at, INFO as level, and, unless the line holds an event id,
 * {@code logbatch.event-id.fallback} over the value bytes. Line breaks that end the value are ignored.
 * Immutable and thread-safe.
 */
final class LineParser implements SingleEventParser {

	private final LineFormat format;

	private final EventIdFallback fallback;

	private final int maxRecordBytes;

	LineParser(LineFormat format, EventIdFallback fallback, int maxRecordBytes) {
		this.format = format;
		this.fallback = fallback;
		this.maxRecordBytes = maxRecordBytes;
	}

	@Override
	public LogEvent parse(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = LogEventParser.checkSize(record.value(), this.maxRecordBytes);
		String text = LineFormat.withoutLineBreak(StrictUtf8.decodeToString(value));
		Instant recordTime = Instant.ofEpochMilli(record.timestamp());
		ParsedLine line = this.format.read(text, recordTime);
		String eventId = (line.eventId() != null) ? LogEventParser.checkedEventId("eventId", line.eventId())
				: LogEventParser.fallbackEventId(this.fallback, value, "a " + this.format.name() + " line has no event id");
		return new LogEvent(eventId, orElse(line.occurredAt(), recordTime), Levels.normalize(line.level()),
				storable(line.service()), storable(line.host()), storable(line.message()), storable(line.traceId()),
				line.attributes().isEmpty() ? null : JsonTree.write(line.attributes()), record.topic(),
				record.partition(), record.offset(), orElse(line.publishedAt(), recordTime));
	}

	private static Instant orElse(@Nullable Instant instant, Instant otherwise) {
		return (instant != null) ? instant : otherwise;
	}

	static @Nullable String storable(@Nullable String text) {
		return (text != null) ? StorableText.replaceUnstorable(text) : null;
	}

}
