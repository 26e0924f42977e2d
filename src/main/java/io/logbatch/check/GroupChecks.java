package io.logbatch.check;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.logbatch.LogbatchProperties;
import io.logbatch.ingest.IngestSteps;
import io.logbatch.offsets.PartitionRange;
import io.logbatch.offsets.PartitionRanges;
import io.logbatch.scheduling.RunLock;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consumer group's side of {@code check}: what its next run would read (the lag, from the
 * same capture a run makes, and records lost to retention) and who holds its run lock now.
 */
final class GroupChecks {

	/** How many partitions the lag line names, the most behind first. */
	private static final int NAMED_PARTITIONS = 5;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

	/** The group's executions that the metadata shows running. */
	private static final String RUNNING = """
			SELECT e.JOB_EXECUTION_ID || ' ' || e.STATUS FROM BATCH_JOB_EXECUTION e
			JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?
			AND e.STATUS IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY e.JOB_EXECUTION_ID""";

	private final LogbatchProperties properties;

	private final RunLock runLock;

	private final JdbcTemplate jdbc;

	GroupChecks(LogbatchProperties properties, RunLock runLock, JdbcTemplate jdbc) {
		this.properties = properties;
		this.runLock = runLock;
		this.jdbc = jdbc;
	}

	/**
	 * Adds the {@code lag} check, from where the next run would start to the end of each partition now.
	 * @param ranges the capture, or null when the store has no schema yet to hold offsets
	 */
	void checkLag(@Nullable PartitionRanges ranges, List<Check> checks) {
		String group = "group '" + this.properties.groupId() + "'";
		if (ranges == null) {
			checks.add(Check.ok("lag", group + ": no offsets stored yet; the first run reads each partition from "
					+ "the group's committed offset, else from the earliest"));
			return;
		}
		List<PartitionRange> captured;
		try {
			captured = ranges.capture(this.properties.groupId(), this.properties.topics());
		}
		catch (RuntimeException ex) {
			checks.add(Check.warn("lag", group + ": not measured: " + ex.getMessage(), null));
			return;
		}
		long lag = captured.stream().mapToLong(PartitionRange::span).sum();
		List<String> behind = captured.stream()
			.filter((range) -> range.span() > 0)
			.sorted((a, b) -> Long.compare(b.span(), a.span()))
			.map((range) -> range.partition() + " " + range.span())
			.toList();
		String message = group + ": " + ((lag == 0) ? "nothing to read on " + Check.counted(captured.size(), "partition")
				: lag + " records to read (" + named(behind) + ")");
		long lost = captured.stream().mapToLong(PartitionRange::lost).sum();
		if (lost > 0) {
			checks.add(Check.warn("lag", message + "; " + lost + " records were deleted by retention before the group "
					+ "read them: the next run reports them lost", "run more often, or raise the topics' retention.ms"));
		}
		else {
			checks.add(Check.ok("lag", message));
		}
	}

	/** Adds the {@code run lock} check: free, or who holds it; and executions left running by a process that is gone. */
	void checkRunLock(boolean metadataExists, List<Check> checks) {
		String group = "group '" + this.properties.groupId() + "'";
		Optional<RunLock.Session> holder;
		List<String> running;
		try {
			holder = this.runLock.holder(this.properties.groupId());
			running = metadataExists ? this.jdbc.queryForList(RUNNING, String.class, IngestSteps.JOB_NAME,
					IngestSteps.GROUP, this.properties.groupId()) : List.of();
		}
		catch (Exception ex) {
			checks.add(Check.warn("run lock", group + ": not checked: " + ex.getMessage(), null));
			return;
		}
		String executions = running.isEmpty() ? "" : " (execution " + String.join(", ", running) + ")";
		if (holder.isPresent()) {
			checks.add(Check.warn("run lock", group + ": held by " + describe(holder.get()) + executions
					+ ": a run started now exits 3, leaving the work to that one", null));
		}
		else if (!running.isEmpty()) {
			String first = running.get(0).split(" ")[0];
			checks.add(Check.warn("run lock", group + ": free, but the metadata shows a run" + executions + " whose "
					+ "process is gone: the next run marks it FAILED and reads on from the stored offsets",
					"'restart " + first + "' finishes it instead, or 'abandon " + first + "' gives it up"));
		}
		else {
			checks.add(Check.ok("run lock", group + ": free, no run under way"));
		}
	}

	private static String describe(RunLock.Session session) {
		List<String> about = new ArrayList<>();
		if (session.client() != null) {
			about.add("client " + session.client());
		}
		if (session.application() != null && !session.application().isBlank()) {
			about.add("application '" + session.application() + "'");
		}
		if (session.since() != null) {
			about.add("since " + TIME.format(session.since().withOffsetSameInstant(ZoneOffset.UTC)));
		}
		return "PostgreSQL session " + session.pid() + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")");
	}

	private static String named(List<String> partitions) {
		if (partitions.size() <= NAMED_PARTITIONS) {
			return String.join(", ", partitions);
		}
		return String.join(", ", partitions.subList(0, NAMED_PARTITIONS)) + " and " + (partitions.size()
				- NAMED_PARTITIONS) + " more partitions";
	}

}
