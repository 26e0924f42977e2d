package io.logbatch.cli;

import java.io.PrintStream;

import io.logbatch.LogbatchProperties;
import io.logbatch.deadletter.DeadLetter;
import io.logbatch.deadletter.DeadLetter.Origin;
import io.logbatch.deadletter.DeadLetterRedriver;
import io.logbatch.deadletter.DeadLetterTopics.UnknownTopicException;
import io.logbatch.deadletter.Redrive;
import io.logbatch.deadletter.RedriveSummary;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "redrive", mixinStandardHelpOptions = true,
		description = { "Republishes dead letters to the topic and partition they failed in, with their key, "
				+ "value, timestamp and headers as they were and logbatch-redrive-count one higher, so that the "
				+ "next run reads them again: fix the cause first (see 'dlt inspect'). Goes on from where the "
				+ "last redrive of the group (its own consumer group, <logbatch.group-id>-redrive) got to. A "
				+ "record is republished once, however many copies of it the DLT holds and however often "
				+ "redrive runs. A record redriven logbatch.dlt.max-redrives times stays in the DLT. Records "
				+ "the filters skip stay for a later redrive.", "",
				"Exit codes: 0; 1 the broker or database failed (what was redriven stays redriven); 2 usage "
						+ "error or a topic that does not exist." })
class DltRedriveCommand implements ContextCommand {

	private static final int REASON_WIDTH = 80;

	@Mixin
	DeadLetterOptions options = new DeadLetterOptions();

	@Option(names = "--dry-run", description = "show what would be redriven and what stays; change nothing")
	boolean dryRun;

	private final PrintStream out;

	DltRedriveCommand() {
		this(System.out);
	}

	DltRedriveCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws Exception {
		int maxRedrives = context.getBean(LogbatchProperties.class).dlt().maxRedrives();
		RedriveSummary summary;
		try {
			summary = context.getBean(DeadLetterRedriver.class)
				.redrive(this.options.topic, this.options.filter(), this.dryRun,
						(redrive) -> print(redrive, maxRedrives));
		}
		catch (UnknownTopicException ex) {
			throw new CommandFailure(ExitCodes.USAGE, ex.getMessage());
		}
		this.out.println(summary.describe());
		return ExitCodes.OK;
	}

	private void print(Redrive redrive, int maxRedrives) {
		DeadLetter deadLetter = redrive.deadLetter();
		String line = switch (redrive.outcome()) {
			case REDRIVEN -> (this.dryRun ? "would move  " : "moved  ") + deadLetter.coordinates() + "  "
					+ deadLetter.origin() + " -> " + target(redrive.republished(), deadLetter) + "  (redrive "
					+ (deadLetter.redriveCount() + 1) + " of " + maxRedrives + ")";
			case AT_LIMIT -> "stays  " + deadLetter.coordinates() + "  " + deadLetter.origin() + "  redriven "
					+ ((deadLetter.redriveCount() == 1) ? "once" : deadLetter.redriveCount() + " times")
					+ ", the limit (logbatch.dlt.max-redrives) is " + maxRedrives;
			case NO_ORIGIN -> "stays  " + deadLetter.coordinates()
					+ "  no original topic, partition and offset in its headers";
			case ALREADY_REDRIVEN, NOT_MATCHING -> null;
		};
		if (line != null) {
			this.out.println(line + "  " + DeadLetterText.simpleName(deadLetter.exceptionClass()) + ": "
					+ DeadLetterText.reason(deadLetter.exceptionMessage(), REASON_WIDTH));
		}
	}

	/** Where a record went, or in a dry run the topic it would go to. */
	private static String target(@Nullable RecordMetadata republished, DeadLetter deadLetter) {
		if (republished != null) {
			return republished.topic() + "-" + republished.partition() + "@" + republished.offset();
		}
		Origin origin = deadLetter.origin();
		return (origin != null) ? origin.topic() : "-";
	}

}
