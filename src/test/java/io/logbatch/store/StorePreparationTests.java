package io.logbatch.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.logbatch.support.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run readies in the store before it reads: today's and tomorrow's partitions, and the
 * attribute index when asked for.
 */
class StorePreparationTests {

	private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
			Database.jdbc().getDataSource());

	@AfterEach
	void dropTheAttributeIndex() {
		Database.jdbc().execute("DROP INDEX IF EXISTS " + StorePreparation.ATTRIBUTES_INDEX);
	}

	@Test
	void createsTheUtcDayOfTheRunAndTheNextAheadOfTime() {
		// given a run that starts at 23:30 on 28 February 2040 in New York: 29 February in UTC
		Clock clock = Clock.fixed(Instant.parse("2040-02-29T04:30:00Z"), ZoneId.of("America/New_York"));

		// when
		preparation(false, clock).prepare();

		// then
		assertThat(partitions("log_event_p2040022%")).containsExactly("log_event_p20400229");
		assertThat(partitions("log_event_p20400301")).containsExactly("log_event_p20400301");
		assertThat(attributeIndexes()).isZero();
	}

	@Test
	void buildsTheAttributeIndexOnEveryPartitionWhenAskedAndLeavesItWhenNoLongerAsked() {
		// given
		Clock clock = Clock.fixed(Instant.parse("2040-03-05T12:00:00Z"), ZoneId.of("UTC"));

		// when
		preparation(true, clock).prepare();
		preparation(true, clock).prepare();
		preparation(false, clock).prepare();

		// then
		assertThat(Database.jdbc().queryForObject("SELECT indexdef FROM pg_indexes WHERE indexname = ?",
				String.class, StorePreparation.ATTRIBUTES_INDEX))
			.isEqualTo("CREATE INDEX log_event_attributes_idx ON ONLY public.log_event USING gin (attributes jsonb_path_ops)");
		assertThat(attributeIndexes()).isEqualTo(partitions("log_event_p%").size() + 1);
	}

	private StorePreparation preparation(boolean indexAttributes, Clock clock) {
		return new StorePreparation(new DayPartitions(Database.jdbc(), this.transactions), Database.jdbc(),
				new TransactionTemplate(this.transactions), indexAttributes, clock);
	}

	private static List<String> partitions(String like) {
		return Database.jdbc().queryForList("""
				SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
				WHERE i.inhparent = 'log_event'::regclass AND c.relname LIKE ? ORDER BY 1""", String.class, like);
	}

	/** The attribute index on log_event and its copies on the partitions. */
	private static long attributeIndexes() {
		return Database.count("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'log_event%' "
				+ "AND indexdef LIKE '%USING gin (attributes jsonb_path_ops)'");
	}

}
