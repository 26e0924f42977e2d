package io.logbatch.cli;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code parse} cuts its input into records: lines for a text format, the whole input for a binary one.
 */
class InputRecordsTests {

	private static final long NOW = 1_767_225_600_000L;

	@Test
	void makesARecordOfEachLineWithoutItsLineBreakAtOffsetLineNumberMinusOne() throws IOException {
		// given LF and CRLF lines, an empty line, a last line without a line break, and bytes that are no UTF-8
		byte[] input = concat("first\r\nsecond\n\n".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xC3, 'x' });
		InputRecords records = lines(new ByteArrayInputStream(input));

		// when
		List<ConsumerRecord<byte[], byte[]>> read = readAll(records);

		// then
		assertThat(read).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 3L);
		assertThat(read.get(0).value()).asString(StandardCharsets.UTF_8).isEqualTo("first");
		assertThat(read.get(1).value()).asString(StandardCharsets.UTF_8).isEqualTo("second");
		assertThat(read.get(2).value()).containsExactly((byte) 0xC3, 'x');
		assertThat(records.lineNumber()).isEqualTo(4);
		assertThat(read).allSatisfy((record) -> {
			assertThat(record.topic()).isEqualTo("app-logs");
			assertThat(record.partition()).isZero();
			assertThat(record.timestamp()).isEqualTo(NOW);
			assertThat(record.key()).isNull();
		});
	}

	@Test
	void keepsALineLongerThanWhatOneReadReturns() throws IOException {
		// given
		String longLine = "x".repeat(200_000);

		// when
		List<ConsumerRecord<byte[], byte[]>> read = readAll(
				lines(new ByteArrayInputStream((longLine + "\nshort\n").getBytes(StandardCharsets.UTF_8))));

		// then
		assertThat(read).hasSize(2);
		assertThat(read.get(0).value()).hasSize(200_000);
		assertThat(read.get(1).value()).asString(StandardCharsets.UTF_8).isEqualTo("short");
	}

	@Test
	void readsNoRecordFromAnEmptyInput() throws IOException {
		assertThat(readAll(lines(new ByteArrayInputStream(new byte[0])))).isEmpty();
		assertThat(readAll(lines(new ByteArrayInputStream("\n\r\n".getBytes(StandardCharsets.UTF_8))))).isEmpty();
	}

	@Test
	void makesOneRecordOfABinaryFormatsWholeInput() throws IOException {
		// given bytes with line breaks in them
		byte[] input = { 0x0A, 0x0D, 0x0A, 0x00, (byte) 0xFF };

		// when
		List<ConsumerRecord<byte[], byte[]>> read = readAll(
				new InputRecords(new ByteArrayInputStream(input), false, () -> {
				}, "otel", NOW));

		// then
		assertThat(read).hasSize(1);
		assertThat(read.get(0).value()).containsExactly(input);
		assertThat(read.get(0).offset()).isZero();
		assertThat(readAll(new InputRecords(new ByteArrayInputStream(new byte[0]), false, () -> {
		}, "otel", NOW))).isEmpty();
	}

	@Test
	void flushesTheOutputBeforeEachReadOfTheInput() throws IOException {
		// given an input that says whether the output was flushed since its last read
		AtomicBoolean flushed = new AtomicBoolean();
		List<Boolean> flushedBeforeRead = new ArrayList<>();
		InputStream typed = new FilterInputStream(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8))) {

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				flushedBeforeRead.add(flushed.getAndSet(false));
				// a terminal gives a line at a time
				return super.read(buffer, offset, Math.min(length, 2));
			}

		};

		// when
		readAll(new InputRecords(typed, true, () -> flushed.set(true), "app-logs", NOW));

		// then
		assertThat(flushedBeforeRead).hasSize(3).containsOnly(true);
	}

	private static InputRecords lines(InputStream in) {
		return new InputRecords(in, true, () -> {
		}, "app-logs", NOW);
	}

	private static List<ConsumerRecord<byte[], byte[]>> readAll(InputRecords records) throws IOException {
		List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record = records.next(); record != null; record = records.next()) {
			read.add(record);
		}
		return read;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
