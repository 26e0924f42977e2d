package io.logbatch.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import io.logbatch.parsing.LogEvent;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Copies events into a table with PostgreSQL's {@code COPY ... FROM STDIN} in binary format,
 * encoded straight into bytes: per row the number of columns, then each column as its length
 * and PostgreSQL's binary form ({@code text} as UTF-8, {@code timestamptz} as microseconds since
 * 2000-01-01, {@code int4} and {@code int8} big-endian, {@code jsonb} as version 1 and its text),
 * or length -1 for null. PostgreSQL then parses no value but the JSON, where the text format
 * had it parse every time and number and scan every text for escapes. A lone surrogate, which
 * has no UTF-8 form, is written as U+FFFD. The column order is {@link #COLUMNS}; times are sent
 * as {@link StoredTime} rounds them. Rows are buffered up to {@link #FLUSH_SIZE} bytes, then
 * sent, so memory stays bounded whatever the chunk size. Not thread-safe: one instance per
 * writing thread, reused from chunk to chunk.
 */
final class CopyRows {

	static final String COLUMNS = "event_id, occurred_at, level, service, host, message, trace_id, attributes, "
			+ "source_topic, source_partition, source_offset, published_at";

	/** The binary format's signature, flags (none) and header extension length (none). */
	private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
			0, 0, 0, 0 };

	private static final short COLUMN_COUNT = 12;

	private static final short TRAILER = -1;

	private static final byte JSONB_VERSION = 1;

	/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds since 1970's. */
	private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

	private static final byte QUESTION_MARK = '?';

	/** U+FFFD in UTF-8. */
	private static final byte[] REPLACEMENT_CHARACTER = { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD };

	private static final int FLUSH_SIZE = 64 * 1024;

	private byte[] buffer = new byte[2 * FLUSH_SIZE];

	private int length;

	private @Nullable CopyIn copy;

	/** Adds the rows of one copy to {@link #COLUMNS} of a table; thrown from the calls of {@link #add}. */
	@FunctionalInterface
	interface Rows {

		void addTo(CopyRows rows) throws SQLException;

	}

	/**
	 * Copies the rows that {@code rows} adds into {@code table}, and cancels the copy when that or
	 * PostgreSQL fails.
	 */
	void copy(Connection connection, String table, Rows rows) throws SQLException {
		this.copy = connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
		try {
			clear();
			put(HEADER);
			rows.addTo(this);
			ensure(2);
			putShort(TRAILER);
			this.copy.writeToCopy(this.buffer, 0, this.length);
			this.copy.endCopy();
		}
		catch (SQLException | RuntimeException ex) {
			if (this.copy.isActive()) {
				try {
					this.copy.cancelCopy();
				}
				catch (SQLException cancel) {
					ex.addSuppressed(cancel);
				}
			}
			throw ex;
		}
		finally {
			this.copy = null;
			clear();
		}
	}

	/** Adds an event as one row of the copy in progress. */
	void add(LogEvent event) throws SQLException {
		add(event, StoredTime.micros(event.occurredAt()));
	}

	/** Adds an event whose time {@link StoredTime#micros} already computed. */
	void add(LogEvent event, long occurredMicros) throws SQLException {
		ensure(2);
		putShort(COLUMN_COUNT);
		text(event.eventId());
		timestamp(occurredMicros);
		text(event.level());
		text(event.service());
		text(event.host());
		text(event.message());
		text(event.traceId());
		jsonb(event.attributes());
		text(event.sourceTopic());
		ensure(24);
		putInt(4);
		putInt(event.sourcePartition());
		putInt(8);
		putLong(event.sourceOffset());
		timestamp(StoredTime.micros(event.publishedAt()));
		if (this.length >= FLUSH_SIZE && this.copy != null) {
			this.copy.writeToCopy(this.buffer, 0, this.length);
			this.length = 0;
		}
	}

	/** The rows added since the last send, for tests; the header when no row was. */
	byte[] pending() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	/** Empties the buffer, and gives back what a very large row made it grow to. */
	private void clear() {
		this.length = 0;
		if (this.buffer.length > 4 * FLUSH_SIZE) {
			this.buffer = new byte[2 * FLUSH_SIZE];
		}
	}

	private void timestamp(long epochMicros) {
		ensure(12);
		putInt(8);
		putLong(epochMicros - POSTGRES_EPOCH_MICROS);
	}

	private void text(@Nullable String text) {
		if (text == null) {
			ensure(4);
			putInt(-1);
			return;
		}
		byte[] utf8 = utf8(text);
		ensure(4 + utf8.length);
		putInt(utf8.length);
		put(utf8);
	}

	private void jsonb(@Nullable String json) {
		if (json == null) {
			ensure(4);
			putInt(-1);
			return;
		}
		byte[] utf8 = utf8(json);
		ensure(5 + utf8.length);
		putInt(1 + utf8.length);
		this.buffer[this.length++] = JSONB_VERSION;
		put(utf8);
	}

	/**
	 * The JDK's encoder is an intrinsic (for ASCII a plain copy); only text with a {@code ?} in
	 * its bytes can hold a lone surrogate, so most text is never scanned twice.
	 */
	private static byte[] utf8(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		for (byte b : utf8) {
			if (b == QUESTION_MARK) {
				return hasLoneSurrogate(text) ? withReplacementCharacters(text) : utf8;
			}
		}
		return utf8;
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

	private void put(byte[] bytes) {
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	private void putShort(short value) {
		this.buffer[this.length++] = (byte) (value >>> 8);
		this.buffer[this.length++] = (byte) value;
	}

	private void putInt(int value) {
		this.buffer[this.length++] = (byte) (value >>> 24);
		this.buffer[this.length++] = (byte) (value >>> 16);
		this.buffer[this.length++] = (byte) (value >>> 8);
		this.buffer[this.length++] = (byte) value;
	}

	private void putLong(long value) {
		putInt((int) (value >>> 32));
		putInt((int) value);
	}

	/** Makes room for {@code more} bytes; every put is preceded by one. */
	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}

}
