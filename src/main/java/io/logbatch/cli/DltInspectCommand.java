package io.logbatch.cli;

import java.io.PrintStream;
import java.time.Instant;

import io.logbatch.deadletter.DeadLetterInspector;
import io.logbatch.deadletter.DeadLetterTopics.UnknownTopicException;
import io.logbatch.deadletter.InspectedDeadLetter;
import io.logbatch.deadletter.Inspection;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "inspect", mixinStandardHelpOptions = true,
		description = { "Dead letters, newest first, one line per failed record: where it was (ORIGINAL "
				+ "topic-partition@offset) and its TIMESTAMP, why it failed (EXCEPTION, MESSAGE), how often it "
				+ "was redriven before (REDRIVES), how many COPIES of it the DLT holds (a record can be "
				+ "dead-lettered twice), its STATE (redrivable, redriven, or at-limit: redriven "
				+ "logbatch.dlt.max-redrives times), its key and the first 200 characters of its value. "
				+ "Reads without a consumer group: no group's offsets move.", "",
				"Exit codes: 0; 2 usage error or a topic that does not exist." })
class DltInspectCommand implements ContextCommand {

	private static final int MESSAGE_WIDTH = 60;

	private static final int KEY_WIDTH = 24;

	@Spec
	@Nullable CommandSpec spec;

	@Mixin
	DeadLetterOptions options = new DeadLetterOptions();

	@Option(names = "--json", description = "one JSON array with every field, for scripts")
	boolean json;

	int limit = 50;

	private final PrintStream out;

	DltInspectCommand() {
		this(System.out);
	}

	DltInspectCommand(PrintStream out) {
		this.out = out;
	}

	@Option(names = "--limit", paramLabel = "N",
			description = "how many dead letters, the newest (default: ${DEFAULT-VALUE})", defaultValue = "50")
	void setLimit(int limit) {
		if (limit < 1 && this.spec != null) {
			throw new ParameterException(this.spec.commandLine(), "--limit must be at least 1, was " + limit);
		}
		this.limit = limit;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		Inspection inspection;
		try {
			inspection = context.getBean(DeadLetterInspector.class)
				.inspect(this.options.topic, this.options.filter(), this.limit);
		}
		catch (UnknownTopicException ex) {
			throw new CommandFailure(ExitCodes.USAGE, ex.getMessage());
		}
		if (this.json) {
			this.out.println(JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.build()
				.writeValueAsString(inspection.deadLetters()));
		}
		else {
			printTable(inspection);
		}
		return ExitCodes.OK;
	}

	private void printTable(Inspection inspection) {
		String topics = String.join(", ", inspection.deadLetterTopics());
		if (inspection.deadLetters().isEmpty()) {
			this.out.println("No dead letters" + (filtered() ? " match" : "") + " in " + topics + ".");
			return;
		}
		TextTable table = new TextTable("DLT", "ORIGINAL", "TIMESTAMP", "EXCEPTION", "MESSAGE", "#REDRIVES",
				"#COPIES", "STATE", "KEY", "VALUE");
		for (InspectedDeadLetter deadLetter : inspection.deadLetters()) {
			table.add(deadLetter.dltTopic() + "-" + deadLetter.dltPartition() + "@" + deadLetter.dltOffset(),
					original(deadLetter), time(deadLetter.timestamp()),
					DeadLetterText.simpleName(deadLetter.exception()),
					DeadLetterText.reason(deadLetter.message(), MESSAGE_WIDTH),
					Integer.toString(deadLetter.redriveCount()), Integer.toString(deadLetter.copies()),
					deadLetter.state(), (deadLetter.key() != null) ? DeadLetterText.trim(deadLetter.key(), KEY_WIDTH)
							: "(null)",
					value(deadLetter));
		}
		table.print(this.out);
		StringBuilder footer = new StringBuilder().append(inspection.matching())
			.append((inspection.matching() == 1) ? " dead letter" : " dead letters")
			.append(filtered() ? " match" : "")
			.append(" in ")
			.append(topics);
		if (inspection.copies() > inspection.matching()) {
			footer.append(" (").append(inspection.copies()).append(" records with ")
				.append((inspection.matching() == 1) ? "its" : "their").append(" copies)");
		}
		if (inspection.deadLetters().size() < inspection.matching()) {
			footer.append("; the newest ").append(inspection.deadLetters().size()).append(" shown, --limit shows more");
		}
		this.out.println(footer.append('.'));
	}

	private boolean filtered() {
		return !this.options.exceptions.isEmpty() || this.options.since != null || this.options.until != null;
	}

	private static String original(InspectedDeadLetter deadLetter) {
		return (deadLetter.originalTopic() != null) ? deadLetter.originalTopic() + "-"
				+ deadLetter.originalPartition() + "@" + deadLetter.originalOffset() : "-";
	}

	private static String time(@Nullable Instant time) {
		return (time != null) ? time.toString() : "-";
	}

	private static String value(InspectedDeadLetter deadLetter) {
		String value = deadLetter.value();
		Integer bytes = deadLetter.valueBytes();
		if (value == null || bytes == null) {
			return "(null)";
		}
		if (bytes == 0) {
			return "(empty)";
		}
		String shown = DeadLetterText.escape(value);
		return (value.length() < InspectedDeadLetter.VALUE_PREVIEW) ? shown : shown + "... (" + bytes + " bytes)";
	}

}
