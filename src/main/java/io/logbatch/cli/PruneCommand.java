package io.logbatch.cli;

import java.io.PrintStream;

import io.logbatch.store.DayPartition;
import io.logbatch.store.PruneOutcome;
import io.logbatch.store.PrunePlan;
import io.logbatch.store.Retention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "prune", mixinStandardHelpOptions = true,
		description = { "Applies logbatch.store.retention now, as every completed run does at its end: drops "
				+ "whole each partition of log_event whose day (UTC) ended longer ago than the retention, and "
				+ "deletes the rows of log_rollup of the days that ended longer ago than "
				+ "logbatch.store.rollup-retention. Without a retention every partition is kept. A partition is "
				+ "detached concurrently, so that runs and queries go on; one still in use by a transaction that "
				+ "began before its detach is left for the next prune after about 20 s.", "",
				"Exit codes: 0 done, or nothing to do; 1 something is left for the next prune (the line "
						+ "says what and why), or the database failed; 2 usage or configuration error." })
class PruneCommand implements ContextCommand {

	private static final String DETACHED = " (detached by an earlier prune)";

	@Option(names = "--dry-run", description = "list what would be dropped and deleted; change nothing")
	boolean dryRun;

	private final PrintStream out;

	PruneCommand() {
		this(System.out);
	}

	PruneCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute(ConfigurableApplicationContext context) {
		Retention retention = context.getBean(Retention.class);
		if (this.dryRun) {
			PrunePlan plan = retention.plan();
			printRetention(plan);
			plan.detached().forEach((table) -> this.out.println("would drop " + table + DETACHED));
			plan.expired().forEach((partition) -> this.out.println("would drop " + describe(partition)));
			this.out.println("would delete " + plan.expiredRollups() + " rows of log_rollup before "
					+ StoreText.day(plan.rollupsKeptFrom()));
			return ExitCodes.OK;
		}
		PruneOutcome outcome = retention.prune();
		PrunePlan plan = outcome.plan();
		printRetention(plan);
		if (outcome.anotherPrune()) {
			this.out.println("Another process is pruning the store; it does this prune's work.");
			return ExitCodes.OK;
		}
		for (PruneOutcome.Drop drop : outcome.drops()) {
			this.out.println("dropped " + plan.partitions().stream()
				.filter((partition) -> partition.table().equals(drop.table()))
				.findFirst()
				.map(PruneCommand::describe)
				.orElse(drop.table() + DETACHED) + " in " + StoreText.seconds(drop.took()));
		}
		this.out.println("deleted " + outcome.deletedRollups() + " rows of log_rollup before "
				+ StoreText.day(plan.rollupsKeptFrom()));
		if (outcome.problem() != null) {
			throw new CommandFailure(ExitCodes.FAILED, "prune stopped short: " + outcome.problem());
		}
		return ExitCodes.OK;
	}

	private void printRetention(PrunePlan plan) {
		this.out.println(StoreText.retention(plan));
		this.out.println(StoreText.rollupRetention(plan));
	}

	private static String describe(DayPartition partition) {
		return partition.table() + " (" + partition.day() + ", ~" + partition.estimatedRows() + " rows, "
				+ StoreText.size(partition.bytes()) + ")";
	}

}
