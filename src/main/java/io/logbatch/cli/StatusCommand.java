package io.logbatch.cli;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.logbatch.report.IngestExecutions;
import io.logbatch.report.RunSummary;
import io.logbatch.scheduling.StaleExecutions;
import io.logbatch.store.PrunePlan;
import io.logbatch.store.Retention;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "status", mixinStandardHelpOptions = true,
		description = { "Recent executions of every group, newest first: id, group, status, start, end, what "
				+ "each did, and the consumer lag it left. An execution marked STARTED* shows as running but its "
				+ "process is gone; the next run, restart, stop or abandon of its group marks it FAILED.", "",
				"With --partitions, each execution's partitions follow its row: the partitions it ran (a restart "
				+ "runs those its run had not completed), each with its status, the worker process that ran it, "
				+ "start, end, what it did, and its progress through the range its run captured, as of its last "
				+ "committed chunk. --json always has them, under \"partitions\".", "",
				"With --store, the log store instead of the executions: logbatch.store.retention and "
				+ "rollup-retention, each partition of log_event with its day (UTC), estimated rows and size, and "
				+ "what the next prune drops.", "",
				"Exit codes: 0." })
class StatusCommand implements ContextCommand {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final String[] HEADERS = { "#ID", "GROUP", "STATUS", "START", "END", "#READ", "#WRITTEN",
			"#DUPLICATES", "#FILTERED", "#DEAD-LETTERED", "#LOST", "#RECORDS/S", "#LAG" };

	private static final String PARTITION_INDENT = "    ";

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--json", description = "one JSON array, for scripts")
	boolean json;

	@Option(names = "--partitions", description = "each execution's partitions under its row")
	boolean partitions;

	@Option(names = "--store", description = "the log store's partitions and retention instead of the executions")
	boolean store;

	int limit = 20;

	private final PrintStream out;

	StatusCommand() {
		this(System.out);
	}

	StatusCommand(PrintStream out) {
		this.out = out;
	}

	@Option(names = "--limit", paramLabel = "N", description = "how many executions (default: ${DEFAULT-VALUE})",
			defaultValue = "20")
	void setLimit(int limit) {
		if (limit < 1 && this.spec != null) {
			throw new ParameterException(this.spec.commandLine(), "--limit must be at least 1, was " + limit);
		}
		this.limit = limit;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		if (this.store) {
			return printStore(context.getBean(Retention.class).plan());
		}
		LogbatchProperties properties = context.getBean(LogbatchProperties.class);
		StaleExecutions staleExecutions = context.getBean(StaleExecutions.class);
		List<Row> rows = new ArrayList<>();
		for (JobExecution execution : context.getBean(IngestExecutions.class).recent(this.limit)) {
			rows.add(Row.of(execution, RunSummary.of(execution, properties.delivery()),
					staleExecutions.isStale(execution)));
		}
		if (this.json) {
			this.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
				.writeValueAsString(rows));
		}
		else {
			printTable(rows);
		}
		return ExitCodes.OK;
	}

	private int printStore(PrunePlan plan) {
		StoreStatus status = StoreStatus.of(plan);
		if (this.json) {
			this.out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
				.writeValueAsString(status));
		}
		else {
			status.print(this.out, plan);
		}
		return ExitCodes.OK;
	}

	private void printTable(List<Row> rows) {
		if (rows.isEmpty()) {
			this.out.println("No executions yet.");
			return;
		}
		TextTable table = new TextTable(HEADERS);
		for (Row row : rows) {
			table.add(Long.toString(row.id()), row.group(), row.status() + (row.stale() ? "*" : ""), local(row.start()),
					local(row.end()), Long.toString(row.read()), Long.toString(row.written()),
					Long.toString(row.duplicates()), Long.toString(row.filtered()), Long.toString(row.deadLettered()),
					Long.toString(row.lost()), Long.toString(row.recordsPerSecond()), (row.lag() != null) ? Long.toString(row.lag()) : "-");
		}
		List<String> lines = table.lines();
		this.out.println(lines.get(0));
		for (int i = 0; i < rows.size(); i++) {
			this.out.println(lines.get(i + 1));
			if (!rows.get(i).filteredByRule().isEmpty()) {
				this.out.println(PARTITION_INDENT + "filtered by rule: "
						+ RunSummary.countsByTopic(rows.get(i).filteredByRule()));
			}
			if (this.partitions) {
				printPartitions(rows.get(i).partitions());
			}
		}
		if (rows.stream().anyMatch(Row::stale)) {
			this.out.println("* its process is gone; the next run, restart, stop or abandon of its group marks it "
					+ "FAILED");
		}
	}

	/** An execution's partitions, indented under its row, as a table of their own. */
	private void printPartitions(List<PartitionRow> partitions) {
		if (partitions.isEmpty()) {
			return;
		}
		TextTable table = new TextTable(PartitionRow.HEADERS);
		partitions.forEach((partition) -> table.add(partition.cells()));
		table.lines().forEach((line) -> this.out.println(PARTITION_INDENT + line));
	}

	static String local(@Nullable OffsetDateTime time) {
		return (time != null) ? TIME.format(time) : "-";
	}

	/**
	 * One execution as {@code status} shows it; times carry the JVM's offset in JSON. The lag is
	 * the records left after the group's stored offsets when the run ended; null (shown "-")
	 * when it could not be measured, or for executions older than the measure.
	 *
	 * @param filteredByRule the events the processing rules dropped, by source topic, then by rule; shown
	 * in the text under the row
	 * @param partitions the partitions this execution ran, by topic and partition number
	 */
	record Row(long id, String group, String status, boolean stale, @Nullable OffsetDateTime start,
			@Nullable OffsetDateTime end, long read, long written, long duplicates, long filtered,
			Map<String, Map<String, Long>> filteredByRule, long deadLettered, long dropped, long lost,
			long recordsPerSecond, @Nullable Long lag, List<PartitionRow> partitions) {

		static Row of(JobExecution execution, RunSummary summary, boolean stale) {
			return new Row(execution.getId(), IngestExecutions.groupOf(execution), execution.getStatus().name(),
					stale, PartitionRow.offset(execution.getStartTime()), PartitionRow.offset(execution.getEndTime()),
					summary.read(), summary.written(), summary.duplicates(), summary.filtered(),
					summary.filteredByRule(), summary.deadLettered(), summary.dropped(), summary.lost(), summary.recordsPerSecond(), summary.lag(),
					summary.partitions().stream().map(PartitionRow::of).toList());
		}

	}

}
