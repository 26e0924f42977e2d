package io.logbatch.report;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.logbatch.LogbatchProperties.Delivery;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution of the ingestion job did, summed over its partitions, and what each of
 * them did.
 *
 * @param read records read from Kafka
 * @param written events stored (new, or newer versions in upsert mode)
 * @param duplicates events whose id was already stored and that changed nothing
 * @param filtered events the processing rules dropped
 * @param deadLettered records sent to a dead-letter topic
 * @param dropped records whose write failed and were dropped (at-most-once delivery only)
 * @param lost records that retention deleted before the run could read them
 * @param deadLetters dead letters by source topic and reason, both sorted by name; a count
 * can include a record dead-lettered twice (see {@code DeadLetterAcknowledgements} in {@code ingest})
 * @param filteredByRule events the processing rules dropped, by source topic and rule ({@code below-level},
 * {@code rules[0]}, ...), both sorted by name
 * @param lag records after the group's stored offsets when the run ended, summed over its
 * partitions; null if it could not be measured or the execution predates it
 * @param partitions the partitions this execution ran, by topic and partition number: a
 * restart runs only those its run had not completed
 */
public record RunSummary(long executionId, String status, long read, long written, long duplicates, long filtered,
		long deadLettered, long dropped, long lost, Duration duration, Map<String, Map<String, Long>> deadLetters,
		Map<String, Map<String, Long>> filteredByRule, @Nullable Long lag, List<PartitionOutcome> partitions) {

	private static final Comparator<PartitionOutcome> BY_PARTITION = Comparator.comparing(PartitionOutcome::topic)
		.thenComparingInt(PartitionOutcome::partition);

	/** Sums the partition steps of a job execution. */
	public static RunSummary of(JobExecution execution, Delivery delivery) {
		long read = 0;
		long written = 0;
		long duplicates = 0;
		long filtered = 0;
		long deadLettered = 0;
		long dropped = 0;
		long lost = 0;
		Map<String, Map<String, Long>> deadLetters = new TreeMap<>();
		Map<String, Map<String, Long>> filteredByRule = new TreeMap<>();
		List<PartitionOutcome> partitions = new ArrayList<>();
		for (StepExecution step : execution.getStepExecutions()) {
			if (!PartitionOutcome.isPartition(step)) {
				continue;
			}
			PartitionOutcome partition = PartitionOutcome.of(step, delivery);
			partitions.add(partition);
			read += partition.read();
			written += partition.written();
			duplicates += partition.duplicates();
			filtered += partition.filtered();
			deadLettered += partition.deadLettered();
			dropped += partition.dropped();
			lost += partition.lost();
			partition.deadLettersByReason()
				.forEach((reason, count) -> deadLetters.computeIfAbsent(partition.topic(), (topic) -> new TreeMap<>())
					.merge(reason, count, Long::sum));
			partition.filteredByRule()
				.forEach((rule, count) -> filteredByRule.computeIfAbsent(partition.topic(), (topic) -> new TreeMap<>())
					.merge(rule, count, Long::sum));
		}
		partitions.sort(BY_PARTITION);
		LocalDateTime start = (execution.getStartTime() != null) ? execution.getStartTime()
				: execution.getCreateTime();
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		Object lag = execution.getExecutionContext().get(RunLag.KEY);
		return new RunSummary(execution.getId(), execution.getStatus().name(), read, written, duplicates, filtered,
				deadLettered, dropped, lost, Duration.between(start, end), deadLetters, filteredByRule,
				(lag instanceof Number number) ? number.longValue() : null, List.copyOf(partitions));
	}

	/**
	 * The events filtered by rule, for the line under the summary: per topic, then per rule, the most
	 * frequent first, such as {@code logs: below-level 15, rules[0] 5; audit: rules[1] 2}; empty when the
	 * rules dropped nothing.
	 */
	public String describeFilteredByRule() {
		return countsByTopic(this.filteredByRule);
	}

	/** Counts by topic, then by name: {@code audit: sqlstate-23514 3; logs: not-json-object 3, bad-timestamp 1}. */
	public static String countsByTopic(Map<String, Map<String, Long>> counts) {
		return counts.entrySet()
			.stream()
			.map((topic) -> topic.getKey() + ": " + topic.getValue()
				.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
					.thenComparing(Map.Entry.comparingByKey()))
				.map((name) -> name.getKey() + " " + name.getValue())
				.collect(Collectors.joining(", ")))
			.collect(Collectors.joining("; "));
	}

	/** Records read per second over the whole run. */
	public long recordsPerSecond() {
		long millis = Math.max(1, this.duration.toMillis());
		return this.read * 1000 / millis;
	}

	/** One line for logs and the terminal; scripts parse it. */
	public String describe() {
		return String.format(
				"Run %d %s: %d read, %d written, %d duplicates, %d filtered, %d dead-lettered%s%s in %.3f s (%d records/s)%s",
				this.executionId, this.status, this.read, this.written, this.duplicates, this.filtered,
				this.deadLettered, (this.dropped > 0) ? ", " + this.dropped + " dropped" : "",
				(this.lost > 0) ? ", " + this.lost + " lost" : "",
				this.duration.toMillis() / 1000.0, recordsPerSecond(),
				(this.lag != null) ? ", lag " + this.lag : "");
	}

}
