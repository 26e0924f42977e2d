package io.logbatch.cli;

import picocli.CommandLine.Command;

@Command(name = "logbatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		subcommands = { RunCommand.class, ScheduleCommand.class, RestartCommand.class, StopCommand.class,
				AbandonCommand.class, StatusCommand.class,
				DltCommand.class, WorkerCommand.class, ParseCommand.class, PruneCommand.class,
				CheckCommand.class, CompletionCommand.class },
		description = "Batch log ingestion: Kafka records in, events exactly once in PostgreSQL, "
				+ "bad records to a dead-letter topic.",
		footer = { "", "Any Spring property can follow a command as --key=value, e.g. "
				+ "--spring.kafka.bootstrap-servers=host:9092 --logbatch.topics=app-logs" })
class LogbatchCommand {

}
