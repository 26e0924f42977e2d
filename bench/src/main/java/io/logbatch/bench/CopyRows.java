package io.logbatch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.logbatch.parsing.EventIdFallback;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.LogEventParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The distinct valid rows of a corpus in PostgreSQL's COPY text format, cut into chunks and written
 * to a file: each original record parsed by logbatch's own {@link LogEventParser}, so that the
 * columns hold what logbatch would store, with the partition and offset the record has on the
 * broker. A file, not the heap: the rows of a 4M corpus (about 1.8 GB) do not fit the harness's
 * heap beside everything else, and the kernel's page cache serves them back for little CPU.
 */
final class CopyRows {

	/** The columns of each line; {@code ingested_at} takes its default, {@code now()}. */
	static final String COPY = "COPY log_event (event_id, occurred_at, level, service, host, message, trace_id, "
			+ "attributes, source_topic, source_partition, source_offset, published_at) FROM STDIN";

	private static final int MAX_RECORD_BYTES = 1_048_576;

	private CopyRows() {
	}

	/**
	 * Writes the rows into {@code file} in chunks of at most {@code chunkSize} rows, in corpus order.
	 * @return the file and where each chunk ends in it
	 */
	static Chunks write(Corpus corpus, String topic, int chunkSize, Path file) throws IOException {
		LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, MAX_RECORD_BYTES);
		try (ChunkWriter writer = new ChunkWriter(file, chunkSize)) {
			corpus.forEach((record) -> {
				if (record.kind() == CorpusRecord.Kind.ORIGINAL) {
					writer.add(parser.parse(new ConsumerRecord<>(topic, record.partition(), record.offset(), null,
							record.value())));
				}
			});
			return writer.finish();
		}
	}

	private static void append(StringBuilder line, LogEvent event) {
		text(line, event.eventId()).append('\t');
		line.append(event.occurredAt()).append('\t');
		text(line, event.level()).append('\t');
		text(line, event.service()).append('\t');
		text(line, event.host()).append('\t');
		text(line, event.message()).append('\t');
		text(line, event.traceId()).append('\t');
		text(line, event.attributes()).append('\t');
		text(line, event.sourceTopic()).append('\t');
		line.append(event.sourcePartition()).append('\t');
		line.append(event.sourceOffset()).append('\t');
		line.append(event.publishedAt()).append('\n');
	}

	// COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
	private static StringBuilder text(StringBuilder line, @Nullable String value) {
		if (value == null) {
			return line.append("\\N");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> line.append("\\\\");
				case '\t' -> line.append("\\t");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				default -> line.append(c);
			}
		}
		return line;
	}

	/**
	 * A file of COPY rows cut into chunks.
	 *
	 * @param file the rows, chunk after chunk
	 * @param ends where each chunk ends in the file: chunk {@code i} runs from {@code ends[i - 1]} (0 for
	 * the first) to {@code ends[i]}
	 */
	record Chunks(Path file, long[] ends) {

		int count() {
			return this.ends.length;
		}

		long start(int chunk) {
			return (chunk == 0) ? 0 : this.ends[chunk - 1];
		}

		long end(int chunk) {
			return this.ends[chunk];
		}

	}

	/** Appends rows to a file, a chunk at a time, and remembers where each chunk ends. */
	private static final class ChunkWriter implements AutoCloseable {

		private final OutputStream out;

		private final Path file;

		private final int chunkSize;

		private final StringBuilder chunk;

		private long[] ends = new long[1024];

		private int chunks;

		private int rows;

		private long written;

		ChunkWriter(Path file, int chunkSize) throws IOException {
			this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
			this.file = file;
			this.chunkSize = chunkSize;
			this.chunk = new StringBuilder(chunkSize * 512);
		}

		void add(LogEvent event) {
			append(this.chunk, event);
			if (++this.rows == this.chunkSize) {
				flushChunk();
			}
		}

		Chunks finish() {
			if (this.rows > 0) {
				flushChunk();
			}
			return new Chunks(this.file, Arrays.copyOf(this.ends, this.chunks));
		}

		private void flushChunk() {
			byte[] bytes = this.chunk.toString().getBytes(StandardCharsets.UTF_8);
			try {
				this.out.write(bytes);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write the COPY rows to " + this.file, ex);
			}
			this.written += bytes.length;
			if (this.chunks == this.ends.length) {
				this.ends = Arrays.copyOf(this.ends, this.ends.length * 2);
			}
			this.ends[this.chunks++] = this.written;
			this.chunk.setLength(0);
			this.rows = 0;
		}

		@Override
		public void close() throws IOException {
			this.out.close();
		}

	}

}
