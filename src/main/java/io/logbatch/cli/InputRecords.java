package io.logbatch.cli;

import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * The records that {@code parse} reads from a file or standard input, made as a partition of the topic would
 * deliver them: partition 0, no key, no headers, the given timestamp. A text format's input holds one record
 * per line, its value the line's bytes without the line break (LF or CRLF); an empty line is no record but
 * still counts, so that a record's offset is its line number - 1. A binary format's input is one record,
 * whole, at offset 0.
 * <p>
 * Lines are read as they come: memory holds one line, whatever the size of the input. Before each read of
 * the input, which may wait on a terminal or a pipe, the output is flushed, so that a line typed shows its
 * events at once. Not thread-safe.
 */
final class InputRecords {

	private static final byte NEWLINE = '\n';

	private static final byte CARRIAGE_RETURN = '\r';

	private final InputStream in;

	private final Flushable output;

	private final String topic;

	private final long timestamp;

	private final boolean lines;

	private final byte[] chunk = new byte[64 * 1024];

	private int position;

	private int limit;

	private byte[] line = new byte[1024];

	private int lineLength;

	private long lineNumber;

	private boolean readWhole;

	/**
	 * @param in the input, read to its end and not closed
	 * @param lines whether the input holds one record per line, or is one record
	 * @param output flushed before each read of the input
	 * @param topic the records' topic
	 * @param timestamp the records' timestamp, in epoch milliseconds
	 */
	InputRecords(InputStream in, boolean lines, Flushable output, String topic, long timestamp) {
		this.in = in;
		this.lines = lines;
		this.output = output;
		this.topic = topic;
		this.timestamp = timestamp;
	}

	/** The next record, or {@code null} at the end of the input. */
	@Nullable ConsumerRecord<byte[], byte[]> next() throws IOException {
		if (!this.lines) {
			return nextWhole();
		}
		byte[] value;
		do {
			value = nextLine();
			if (value == null) {
				return null;
			}
		}
		while (value.length == 0);
		return record(value, this.lineNumber - 1);
	}

	/** The line of the last record, from 1; 1 for a binary format's input. */
	long lineNumber() {
		return this.lineNumber;
	}

	private @Nullable ConsumerRecord<byte[], byte[]> nextWhole() throws IOException {
		if (this.readWhole) {
			return null;
		}
		this.readWhole = true;
		this.output.flush();
		byte[] value = this.in.readAllBytes();
		this.lineNumber = 1;
		return (value.length > 0) ? record(value, 0) : null;
	}

	private byte @Nullable [] nextLine() throws IOException {
		this.lineLength = 0;
		boolean started = false;
		while (true) {
			if (this.position == this.limit && !fill()) {
				return started ? endLine() : null;
			}
			started = true;
			int newline = indexOfNewline();
			if (newline < 0) {
				append(this.limit);
				continue;
			}
			append(newline);
			this.position = newline + 1;
			return endLine();
		}
	}

	private boolean fill() throws IOException {
		this.output.flush();
		int read = this.in.read(this.chunk);
		if (read < 0) {
			return false;
		}
		this.position = 0;
		this.limit = read;
		return true;
	}

	private int indexOfNewline() {
		for (int i = this.position; i < this.limit; i++) {
			if (this.chunk[i] == NEWLINE) {
				return i;
			}
		}
		return -1;
	}

	/** Appends the chunk's bytes from the position up to {@code end} to the line. */
	private void append(int end) {
		int length = end - this.position;
		if (this.lineLength + length > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(2 * this.line.length, this.lineLength + length));
		}
		System.arraycopy(this.chunk, this.position, this.line, this.lineLength, length);
		this.lineLength += length;
		this.position = end;
	}

	private byte[] endLine() {
		this.lineNumber++;
		int length = this.lineLength;
		if (length > 0 && this.line[length - 1] == CARRIAGE_RETURN) {
			length--;
		}
		return Arrays.copyOf(this.line, length);
	}

	private ConsumerRecord<byte[], byte[]> record(byte[] value, long offset) {
		return new ConsumerRecord<>(this.topic, 0, offset, this.timestamp, TimestampType.CREATE_TIME,
				ConsumerRecord.NULL_SIZE, value.length, null, value, new RecordHeaders(), Optional.empty());
	}

}
