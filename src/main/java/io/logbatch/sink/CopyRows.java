package io.logbatch.sink;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;

/**
 * Encodes events as the rows of a PostgreSQL {@code COPY ... FROM STDIN} in text format,
 * straight into UTF-8 bytes: columns separated by tabs, rows ended by a newline, {@code \N}
 * for null, and backslash, tab, newline and carriage return escaped with a backslash. The
 * column order is {@link #COLUMNS}. Rows are buffered until {@link #isFull()}, then sent on
 * and {@link #clear() cleared}, so memory stays bounded whatever the chunk size. Not
 * thread-safe: one instance per writing thread, reused from chunk to chunk.
 */
final class CopyRows {

	static final String COLUMNS = "event_id, occurred_at, level, service, host, message, trace_id, attributes, "
			+ "source_topic, source_partition, source_offset, published_at";

	private static final byte TAB = '\t';

	private static final byte NEWLINE = '\n';

	private static final byte BACKSLASH = '\\';

	private static final int FLUSH_SIZE = 64 * 1024;

	private byte[] buffer = new byte[2 * FLUSH_SIZE];

	private int length;

	/** Empties the buffer, and gives back what a very large row made it grow to. */
	void clear() {
		this.length = 0;
		if (this.buffer.length > 4 * FLUSH_SIZE) {
			this.buffer = new byte[2 * FLUSH_SIZE];
		}
	}

	boolean isFull() {
		return this.length >= FLUSH_SIZE;
	}

	void add(LogEvent event) {
		text(event.eventId());
		tab();
		timestamp(event.occurredAt());
		tab();
		text(event.level());
		tab();
		text(event.service());
		tab();
		text(event.host());
		tab();
		text(event.message());
		tab();
		text(event.traceId());
		tab();
		text(event.attributes());
		tab();
		text(event.sourceTopic());
		tab();
		ascii(Integer.toString(event.sourcePartition()));
		tab();
		ascii(Long.toString(event.sourceOffset()));
		tab();
		timestamp(event.publishedAt());
		put(NEWLINE);
	}

	byte[] buffer() {
		return this.buffer;
	}

	int length() {
		return this.length;
	}

	private void tab() {
		put(TAB);
	}

	/**
	 * ISO-8601 in UTC, which PostgreSQL reads for {@code timestamptz} whatever the session's
	 * DateStyle; years are 0001 to 9999 (the parser's range), so no sign is needed.
	 */
	private void timestamp(Instant instant) {
		ascii(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)));
	}

	private void ascii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
	}

	private void text(@Nullable String text) {
		if (text == null) {
			ensure(2);
			this.buffer[this.length++] = BACKSLASH;
			this.buffer[this.length++] = 'N';
			return;
		}
		// at most 3 bytes per char (a surrogate pair is 4 bytes for 2 chars), or 2 when escaped
		ensure(text.length() * 3);
		byte[] out = this.buffer;
		int at = this.length;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				switch (c) {
					case '\\' -> {
						out[at++] = BACKSLASH;
						out[at++] = BACKSLASH;
					}
					case '\t' -> {
						out[at++] = BACKSLASH;
						out[at++] = 't';
					}
					case '\n' -> {
						out[at++] = BACKSLASH;
						out[at++] = 'n';
					}
					case '\r' -> {
						out[at++] = BACKSLASH;
						out[at++] = 'r';
					}
					default -> out[at++] = (byte) c;
				}
			}
			else if (c < 0x800) {
				out[at++] = (byte) (0xC0 | (c >> 6));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, text.charAt(++i));
				out[at++] = (byte) (0xF0 | (codePoint >> 18));
				out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				// a lone surrogate (a JSON "\ud800" escape) has no UTF-8 form; Java's encoder
				// writes '?' for it, as the JDBC driver did before
				out[at++] = '?';
			}
			else {
				out[at++] = (byte) (0xE0 | (c >> 12));
				out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		this.length = at;
	}

	private void put(byte b) {
		ensure(1);
		this.buffer[this.length++] = b;
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}

}
