package io.logbatch.cli;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

import io.logbatch.report.PartitionOutcome.Offsets;
import io.logbatch.report.PartitionOutcome;
import org.jspecify.annotations.Nullable;

/**
 * One partition of an execution as {@code status} shows it: under its execution with
 * {@code --partitions}, and always in {@code --json}, where times carry the JVM's offset.
 *
 * @param worker the process that ran it; null (shown "-") before it started, or for
 * executions older than the record of workers
 * @param filteredByRule the events the processing rules dropped, by rule
 * @param lost records that retention deleted before the run could read them
 * @param startOffset where the run started the partition
 * @param nextOffset the next offset to read, as this execution last stored it with a chunk
 * @param endOffset where the run ends the partition: the end offset captured when it started
 * @param percent per cent of the range from start to end offset done, rounded down
 */
record PartitionRow(String topic, int partition, String status, @Nullable String worker,
		@Nullable OffsetDateTime start, @Nullable OffsetDateTime end, long read, long written, long duplicates,
		long filtered, Map<String, Long> filteredByRule, long deadLettered, long dropped, long lost, long startOffset,
		long nextOffset, long endOffset, int percent) {

	static final String[] HEADERS = { "PARTITION", "STATUS", "WORKER", "START", "END", "#READ", "#WRITTEN",
			"#DUPLICATES", "#DEAD-LETTERED", "#PROGRESS" };

	static PartitionRow of(PartitionOutcome partition) {
		Offsets offsets = partition.offsets();
		return new PartitionRow(partition.topic(), partition.partition(), partition.status(), partition.worker(),
				offset(partition.start()), offset(partition.end()), partition.read(), partition.written(),
				partition.duplicates(), partition.filtered(), partition.filteredByRule(), partition.deadLettered(),
				partition.dropped(), partition.lost(), offsets.start(), offsets.next(), offsets.end(), offsets.percent());
	}

	/** The cells under {@link #HEADERS}; progress is offsets done of the range, such as {@code 812/1000 (81%)}. */
	String[] cells() {
		Offsets offsets = new Offsets(this.startOffset, this.nextOffset, this.endOffset);
		return new String[] { this.topic + "-" + this.partition, this.status,
				(this.worker != null) ? this.worker : "-", StatusCommand.local(this.start),
				StatusCommand.local(this.end), Long.toString(this.read), Long.toString(this.written),
				Long.toString(this.duplicates), Long.toString(this.deadLettered),
				offsets.done() + "/" + offsets.total() + " (" + this.percent + "%)" };
	}

	static @Nullable OffsetDateTime offset(@Nullable LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toOffsetDateTime() : null;
	}

}
