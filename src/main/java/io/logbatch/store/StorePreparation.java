package io.logbatch.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Readies the store when a run starts: the partitions of today and tomorrow (UTC), so that the
 * usual chunks find their day there and a run over midnight finds the next, and, with
 * {@code logbatch.store.index-attributes}, the GIN index on {@code attributes}.
 * <p>
 * The index is declared on {@code log_event}, so every partition has it, and uses
 * {@code jsonb_path_ops}: smaller and faster to maintain than the default operator class, it
 * serves the containment ({@code @>}) and JSON path ({@code @?}, {@code @@}) queries, not the
 * key-exists ones ({@code ?}). Built when it is missing, under an advisory lock so that runs
 * starting at once build it once: on a store that holds data already, the build reads every
 * partition and holds up writes to each meanwhile. Turning the setting off leaves an index that
 * is there alone (drop it with {@code DROP INDEX log_event_attributes_idx}): processes whose
 * settings differ would otherwise build and drop it in turn. Thread-safe.
 */
class StorePreparation implements JobExecutionListener {

	static final String ATTRIBUTES_INDEX = "log_event_attributes_idx";

	/** The first key of the advisory lock that building the attribute index holds; the second is 0. */
	private static final int INDEX_LOCK_CLASS = DayPartitions.LOCK_CLASS + 1;

	private static final Logger logger = LoggerFactory.getLogger(StorePreparation.class);

	private final DayPartitions dayPartitions;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final boolean indexAttributes;

	private final Clock clock;

	StorePreparation(DayPartitions dayPartitions, JdbcTemplate jdbc, TransactionTemplate transaction,
			boolean indexAttributes, Clock clock) {
		this.dayPartitions = dayPartitions;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.indexAttributes = indexAttributes;
		this.clock = clock;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		prepare();
	}

	void prepare() {
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		this.dayPartitions.ensure(List.of(today, today.plusDays(1)));
		if (this.indexAttributes && !attributesIndexed()) {
			this.transaction.executeWithoutResult((status) -> {
				this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?, 0)", INDEX_LOCK_CLASS);
				logger.info("Building the GIN index {} on log_event (attributes) (logbatch.store.index-attributes)",
						ATTRIBUTES_INDEX);
				this.jdbc.execute("CREATE INDEX IF NOT EXISTS " + ATTRIBUTES_INDEX
						+ " ON log_event USING gin (attributes jsonb_path_ops)");
			});
		}
	}

	private boolean attributesIndexed() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
				ATTRIBUTES_INDEX));
	}

}
