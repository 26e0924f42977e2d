package io.logbatch.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.logbatch.LogbatchProperties.Store;
import io.logbatch.store.DayPartition;
import io.logbatch.store.PrunePlan;
import org.jspecify.annotations.Nullable;

/**
 * The log store as {@code status --store} shows it, in text and as JSON: the retentions, each partition
 * of {@code log_event} with its day, estimated rows and size, and what the next prune drops and deletes.
 *
 * @param retention {@code logbatch.store.retention} as written ({@code 30d}); null when every partition
 * is kept
 * @param keptFrom the oldest day the retention keeps, as of now; null without one
 * @param rollupRetention {@code logbatch.store.rollup-retention} as written
 * @param rollupsKeptFrom the oldest day of {@code log_rollup} the rollup retention keeps, as of now
 * @param partitions every partition, oldest first
 * @param nextPrune what a prune would do now
 */
record StoreStatus(@Nullable String retention, @Nullable LocalDate keptFrom, String rollupRetention,
		LocalDate rollupsKeptFrom, List<Partition> partitions, NextPrune nextPrune) {

	private static final String[] HEADERS = { "DAY", "PARTITION", "#~ROWS", "#SIZE", "NEXT PRUNE" };

	static StoreStatus of(PrunePlan plan) {
		Store settings = plan.settings();
		List<Partition> partitions = plan.partitions().stream().map((partition) -> Partition.of(partition, plan)).toList();
		List<String> drops = new ArrayList<>(plan.detached());
		plan.expired().forEach((partition) -> drops.add(partition.table()));
		return new StoreStatus((settings.retention() != null) ? Store.describe(settings.retention()) : null,
				(plan.keptFrom() != null) ? LocalDate.parse(StoreText.day(plan.keptFrom())) : null,
				Store.describe(settings.rollupRetention()), LocalDate.parse(StoreText.day(plan.rollupsKeptFrom())),
				partitions, new NextPrune(drops, plan.expiredRollups()));
	}

	void print(PrintStream out, PrunePlan plan) {
		out.println(StoreText.retention(plan));
		out.println(StoreText.rollupRetention(plan));
		if (this.partitions.isEmpty()) {
			out.println("log_event has no partitions.");
		}
		else {
			TextTable table = new TextTable(HEADERS);
			long rows = 0;
			long bytes = 0;
			for (Partition partition : this.partitions) {
				table.add(partition.day().toString(), partition.table(), Long.toString(partition.estimatedRows()),
						StoreText.size(partition.bytes()), partition.dropsNext() ? "drops"
								: partition.detachPending() ? "detach pending" : "");
				rows += partition.estimatedRows();
				bytes += partition.bytes();
			}
			table.print(out);
			out.println(this.partitions.size() + ((this.partitions.size() == 1) ? " partition, ~" : " partitions, ~")
					+ rows + " rows, " + StoreText.size(bytes) + ".");
		}
		out.println("Next prune: " + (this.nextPrune.drops().isEmpty() ? "drops no partition"
				: "drops " + String.join(", ", this.nextPrune.drops())) + "; deletes " + this.nextPrune.rollupRows()
				+ " rows of log_rollup.");
	}

	/**
	 * @param day the UTC day it holds
	 * @param table its name
	 * @param estimatedRows PostgreSQL's estimate of its rows
	 * @param bytes its size on disk, with indexes and TOAST
	 * @param detachPending an interrupted detach left it unread, waiting for the next prune
	 * @param dropsNext the next prune drops it
	 */
	record Partition(LocalDate day, String table, long estimatedRows, long bytes, boolean detachPending,
			boolean dropsNext) {

		static Partition of(DayPartition partition, PrunePlan plan) {
			return new Partition(partition.day(), partition.table(), partition.estimatedRows(), partition.bytes(),
					partition.detachPending(), plan.drops(partition));
		}

	}

	/**
	 * @param drops the tables it drops, in its order
	 * @param rollupRows the rows of {@code log_rollup} it deletes
	 */
	record NextPrune(List<String> drops, long rollupRows) {
	}

}
