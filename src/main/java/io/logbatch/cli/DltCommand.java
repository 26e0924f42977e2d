package io.logbatch.cli;

import picocli.CommandLine.Command;

@Command(name = "dlt", mixinStandardHelpOptions = true,
		subcommands = { DltInspectCommand.class, DltRedriveCommand.class },
		description = { "Dead-letter topics: see why records were dead-lettered, and once the cause is fixed, "
				+ "redrive them to the topics they came from for the next run.", "",
				"Exit codes: 0; 2 usage error or a topic that does not exist." })
class DltCommand {

}
