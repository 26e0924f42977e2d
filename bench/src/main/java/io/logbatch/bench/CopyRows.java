package io.logbatch.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.logbatch.parsing.EventIdFallback;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.LogEventParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The distinct valid rows of a corpus in PostgreSQL's COPY text format, cut into chunks: each
 * original record parsed by logbatch's own {@link LogEventParser}, so that the columns hold what
 * logbatch would store, with the partition and offset the record has on the broker.
 */
final class CopyRows {

	/** The columns of each line; {@code ingested_at} takes its default, {@code now()}. */
	static final String COPY = "COPY log_event (event_id, occurred_at, level, service, host, message, trace_id, "
			+ "attributes, source_topic, source_partition, source_offset, published_at) FROM STDIN";

	private static final int MAX_RECORD_BYTES = 1_048_576;

	private CopyRows() {
	}

	/** Chunks of at most {@code chunkSize} rows, in corpus order. */
	static List<byte[]> chunks(Corpus corpus, String topic, int chunkSize) {
		LogEventParser parser = new LogEventParser(EventIdFallback.CONTENT_HASH, MAX_RECORD_BYTES);
		List<byte[]> chunks = new ArrayList<>();
		StringBuilder chunk = new StringBuilder(chunkSize * 512);
		int[] rows = { 0 };
		corpus.forEach((record) -> {
			if (record.kind() != CorpusRecord.Kind.ORIGINAL) {
				return;
			}
			append(chunk, parser.parse(new ConsumerRecord<>(topic, record.partition(), record.offset(), null,
					record.value())));
			if (++rows[0] == chunkSize) {
				chunks.add(chunk.toString().getBytes(StandardCharsets.UTF_8));
				chunk.setLength(0);
				rows[0] = 0;
			}
		});
		if (rows[0] > 0) {
			chunks.add(chunk.toString().getBytes(StandardCharsets.UTF_8));
		}
		return chunks;
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

}
