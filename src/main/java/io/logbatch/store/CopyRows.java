package io.logbatch.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;

/**
 * Encodes events as the rows of a PostgreSQL {@code COPY ... FROM STDIN} in text format,
 * straight into UTF-8 bytes: columns separated by tabs, rows ended by a newline, {@code \N}
 * for null, backslash, tab, newline and carriage return escaped with a backslash, and a lone
 * surrogate, which has no UTF-8 form, written as U+FFFD. The column order is
 * {@link #COLUMNS}. Rows are buffered until {@link #isFull()}, then sent on and
 * {@link #clear() cleared}, so memory stays bounded whatever the chunk size. Not
 * thread-safe: one instance per writing thread, reused from chunk to chunk.
 */
final class CopyRows {

	static final String COLUMNS = "event_id, occurred_at, level, service, host, message, trace_id, attributes, "
			+ "source_topic, source_partition, source_offset, published_at";

	private static final byte TAB = '\t';

	private static final byte NEWLINE = '\n';

	private static final byte CARRIAGE_RETURN = '\r';

	private static final byte BACKSLASH = '\\';

	private static final byte QUESTION_MARK = '?';

	/** U+FFFD in UTF-8. */
	private static final byte[] REPLACEMENT_CHARACTER = { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD };

	private static final int FLUSH_SIZE = 64 * 1024;

	private static final long MICROS_PER_SECOND = 1_000_000;

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
		add(event, StoredTime.micros(event.occurredAt()));
	}

	/** Adds an event whose time {@link StoredTime#micros} already computed. */
	void add(LogEvent event, long occurredMicros) {
		text(event.eventId());
		tab();
		timestamp(occurredMicros);
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
		number(event.sourcePartition());
		tab();
		number(event.sourceOffset());
		tab();
		timestamp(StoredTime.micros(event.publishedAt()));
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
	 * ISO-8601 in UTC ({@code 2024-05-01T10:00:00.123456Z}), which PostgreSQL reads for
	 * {@code timestamptz} whatever the session's DateStyle, to the microsecond {@link StoredTime}
	 * rounded it to, so PostgreSQL has nothing left to round. Written digit by digit: a formatter
	 * costs more than the rest of the row. Years are 0001 to 9999 (the parser's range), so no
	 * sign is needed.
	 */
	private void timestamp(long epochMicros) {
		LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMicros, MICROS_PER_SECOND),
				(int) Math.floorMod(epochMicros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
		ensure(27);
		digits(time.getYear(), 4);
		this.buffer[this.length++] = '-';
		digits(time.getMonthValue(), 2);
		this.buffer[this.length++] = '-';
		digits(time.getDayOfMonth(), 2);
		this.buffer[this.length++] = 'T';
		digits(time.getHour(), 2);
		this.buffer[this.length++] = ':';
		digits(time.getMinute(), 2);
		this.buffer[this.length++] = ':';
		digits(time.getSecond(), 2);
		int micros = time.getNano() / 1000;
		if (micros != 0) {
			this.buffer[this.length++] = '.';
			digits(micros, 6);
		}
		this.buffer[this.length++] = 'Z';
	}

	private void digits(int value, int width) {
		int remaining = value;
		for (int i = this.length + width - 1; i >= this.length; i--) {
			this.buffer[i] = (byte) ('0' + remaining % 10);
			remaining /= 10;
		}
		this.length += width;
	}

	private void number(long value) {
		if (value < 0) {
			put((byte) '-');
		}
		long remaining = Math.abs(value);
		int width = 1;
		for (long rest = remaining / 10; rest > 0; rest /= 10) {
			width++;
		}
		ensure(width);
		for (int i = this.length + width - 1; i >= this.length; i--) {
			this.buffer[i] = (byte) ('0' + remaining % 10);
			remaining /= 10;
		}
		this.length += width;
	}

	private void text(@Nullable String text) {
		if (text == null) {
			ensure(2);
			this.buffer[this.length++] = BACKSLASH;
			this.buffer[this.length++] = 'N';
			return;
		}
		// The JDK's encoder is an intrinsic (for ASCII a plain copy). No byte of a multi-byte
		// sequence is ASCII, so the escapes are found byte by byte. Most text has none: one pass
		// to look, one array copy.
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		boolean escapes = false;
		boolean questionMarks = false;
		for (byte b : utf8) {
			escapes |= b == BACKSLASH || b == TAB || b == NEWLINE || b == CARRIAGE_RETURN;
			questionMarks |= b == QUESTION_MARK;
		}
		if (questionMarks && hasLoneSurrogate(text)) {
			utf8 = withReplacementCharacters(text);
		}
		if (escapes) {
			escaped(utf8);
			return;
		}
		ensure(utf8.length);
		System.arraycopy(utf8, 0, this.buffer, this.length, utf8.length);
		this.length += utf8.length;
	}

	/**
	 * {@code getBytes} writes {@code ?} for a lone surrogate (what a JSON {@code "\ud800"} escape
	 * decodes to), as the JDBC driver does: text that looks like the producer wrote a question
	 * mark. U+FFFD says that a character was lost, as SPEC asks; the parser already replaces
	 * them, so this guards events from any other source.
	 */
	private static byte[] withReplacementCharacters(String text) {
		try {
			ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.replaceWith(REPLACEMENT_CHARACTER)
				.encode(CharBuffer.wrap(text));
			return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(),
					encoded.arrayOffset() + encoded.limit());
		}
		catch (CharacterCodingException ex) {
			throw new IllegalStateException("UTF-8 encodes every character with replacement", ex);
		}
	}

	/** Only text with a {@code ?} in its bytes can hold one, so most text is never scanned. */
	private static boolean hasLoneSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1));
				if (!pair) {
					return true;
				}
				i++;
			}
		}
		return false;
	}

	private void escaped(byte[] utf8) {
		ensure(2 * utf8.length);
		byte[] out = this.buffer;
		int at = this.length;
		for (byte b : utf8) {
			switch (b) {
				case BACKSLASH -> {
					out[at++] = BACKSLASH;
					out[at++] = BACKSLASH;
				}
				case TAB -> {
					out[at++] = BACKSLASH;
					out[at++] = 't';
				}
				case NEWLINE -> {
					out[at++] = BACKSLASH;
					out[at++] = 'n';
				}
				case CARRIAGE_RETURN -> {
					out[at++] = BACKSLASH;
					out[at++] = 'r';
				}
				default -> out[at++] = b;
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
