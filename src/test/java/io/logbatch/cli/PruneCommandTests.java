package io.logbatch.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.PartitionedStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code prune}, {@code prune --dry-run} and {@code status --store} on a partitioned store, as a user types
 * them. The days are far from the retention's boundary, which RetentionTests checks to the microsecond, so
 * that the tests hold at any time of day.
 */
class PruneCommandTests {

	private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	/** A day in the output, whose value depends on the time of day the prune runs. */
	private static final String DAY = "\\d{4}-\\d\\d-\\d\\d";

	private PartitionedStore store;

	@BeforeEach
	void createStore() {
		// given two days older than 10 days and two within them, with events
		this.store = PartitionedStore.create("prune_command_tests");
		for (int daysAgo : new int[] { 30, 20, 5, 0 }) {
			LocalDate day = TODAY.minusDays(daysAgo);
			this.store.createDay(day);
			this.store.insertEvents("d" + daysAgo, day.atStartOfDay().toInstant(ZoneOffset.UTC), daysAgo + 1);
		}
		this.store.jdbc().execute("ANALYZE log_event");
	}

	@Test
	void dryRunListsTheExpiredDaysAndDropsNothing() {
		// when
		CliResult result = logbatch("10d").cli("prune", "--dry-run");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).containsPattern("Retention 10d \\(logbatch.store.retention\\): partitions of days "
				+ "before " + DAY + " \\(UTC\\) are dropped.")
			.contains("would drop " + partition(30) + " (" + TODAY.minusDays(30) + ", ~31 rows, ")
			.contains("would drop " + partition(20) + " (" + TODAY.minusDays(20) + ", ~21 rows, ")
			.doesNotContain(partition(5))
			.contains("would delete 0 rows of log_rollup before ");
		assertThat(this.store.partitions()).hasSize(4);
	}

	@Test
	void dropsTheExpiredDaysAndStatusShowsTheStoreBeforeAndAfter() {
		// given
		Logbatch logbatch = logbatch("10d");
		CliResult before = logbatch.cli("status", "--store");
		assertThat(before.exitCode()).isZero();
		assertThat(before.out()).containsPattern(TODAY.minusDays(30) + "\\s+" + partition(30) + "\\s+31\\s+\\d+ \\w+\\s+drops")
			.containsPattern(TODAY.minusDays(5) + "\\s+" + partition(5) + "\\s+6\\s+\\d+ \\w+\\n")
			.contains("4 partitions, ~59 rows, ")
			.contains("Next prune: drops " + partition(30) + ", " + partition(20) + "; deletes 0 rows of log_rollup.");

		// when
		CliResult prune = logbatch.cli("prune");

		// then
		assertThat(prune.exitCode()).isZero();
		assertThat(prune.out()).contains("dropped " + partition(30) + " (" + TODAY.minusDays(30) + ", ~31 rows, ")
			.containsPattern("dropped " + partition(20) + " \\(.*\\) in \\d+\\.\\d{3} s\n")
			.containsPattern("deleted 0 rows of log_rollup before " + DAY);
		assertThat(this.store.partitions()).containsExactly(partition(5), partition(0));

		// and status shows what is left, as text and as JSON
		assertThat(logbatch.cli("status", "--store").out()).contains("Next prune: drops no partition;")
			.doesNotContain(partition(30));
		JsonNode store = JsonMapper.builder().build().readTree(logbatch.cli("status", "--store", "--json").out());
		assertThat(store.get("retention").asString()).isEqualTo("10d");
		// the day before the oldest kept, or the day itself if the date changed since the days were made
		assertThat(LocalDate.parse(store.get("keptFrom").asString())).isBetween(TODAY.minusDays(10), TODAY.minusDays(9));
		assertThat(store.get("rollupRetention").asString()).isEqualTo("400d");
		assertThat(store.get("partitions").size()).isEqualTo(2);
		JsonNode first = store.get("partitions").get(0);
		assertThat(first.get("day").asString()).isEqualTo(TODAY.minusDays(5).toString());
		assertThat(first.get("table").asString()).isEqualTo(partition(5));
		assertThat(first.get("estimatedRows").asLong()).isEqualTo(6);
		assertThat(first.get("bytes").asLong()).isPositive();
		assertThat(first.get("dropsNext").asBoolean()).isFalse();
		assertThat(store.at("/nextPrune/drops").size()).isZero();
		assertThat(store.at("/nextPrune/rollupRows").asLong()).isZero();
	}

	@Test
	void exitsOneSayingWhatIsLeftWhenADayCannotBeDroppedAndTheNextPruneDropsIt() {
		// given a view over an expired day, which keeps its table from being dropped
		this.store.jdbc().execute("CREATE VIEW old_day AS SELECT * FROM " + partition(30));
		Logbatch logbatch = logbatch("10d");

		// when
		CliResult stopped = logbatch.cli("prune");

		// then the day is out of log_event but its table is left, and the next prune drops it first
		assertThat(stopped.exitCode()).isEqualTo(1);
		assertThat(stopped.err().strip()).hasLineCount(1)
			.isEqualTo("logbatch: prune stopped short: " + partition(30) + ": ERROR: cannot drop table " + partition(30)
					+ " because other objects depend on it (SQLSTATE 2BP01); it and 1 more are left for the next prune");
		assertThat(this.store.partitions()).containsExactly(partition(20), partition(5), partition(0));
		assertThat(logbatch.cli("prune", "--dry-run").out())
			.contains("would drop " + partition(30) + " (detached by an earlier prune)")
			.contains("would drop " + partition(20) + " (");

		// when the cause is gone
		this.store.jdbc().execute("DROP VIEW old_day");
		CliResult next = logbatch.cli("prune");

		// then
		assertThat(next.exitCode()).isZero();
		assertThat(next.out()).contains("dropped " + partition(30) + " (detached by an earlier prune)")
			.contains("dropped " + partition(20) + " (");
		assertThat(this.store.exists(partition(30))).isFalse();
		assertThat(this.store.partitions()).containsExactly(partition(5), partition(0));
	}

	@Test
	void hasHelp() {
		CliResult help = logbatch(null).cli("prune", "--help");

		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("Applies logbatch.store.retention now").contains("--dry-run");
	}

	@Test
	void keepsEveryPartitionWithoutARetentionAndSaysSo() {
		// when
		CliResult result = logbatch(null).cli("prune");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("Retention: none (logbatch.store.retention is not set): every partition is kept.")
			.doesNotContain("dropped");
		assertThat(this.store.partitions()).hasSize(4);
	}

	@Test
	void exitsTwoNamingTheKeyOfARetentionUnderADayOrNotADuration() {
		// when
		CliResult hours = logbatch("12h").cli("prune");
		CliResult words = logbatch("30 days").cli("prune", "--dry-run");

		// then
		assertThat(hours.exitCode()).isEqualTo(2);
		assertThat(hours.err().strip()).hasLineCount(1)
			.contains("logbatch.store.retention must be at least 1d: partitions hold whole days, was 12h");
		assertThat(words.exitCode()).isEqualTo(2);
		assertThat(words.err().strip()).hasLineCount(1)
			.contains("configuration error: logbatch.store.retention: ");
		assertThat(this.store.partitions()).hasSize(4);
	}

	private Logbatch logbatch(String retention) {
		Logbatch logbatch = Logbatch.forTopics("logs").with("spring.datasource.url", this.store.jdbcUrl());
		return (retention != null) ? logbatch.with("logbatch.store.retention", retention) : logbatch;
	}

	private static String partition(int daysAgo) {
		return PartitionedStore.partitionOf(TODAY.minusDays(daysAgo));
	}

}
