package io.logbatch.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day partitions of {@code log_event}: one per UTC day, named {@code log_event_pYYYYMMDD},
 * holding the events from that day's midnight UTC up to the next. There is no default
 * partition, because a default partition holding a row of some day blocks creating that day's
 * partition later; so every day gets its partition before its first row is written.
 * <p>
 * {@link #ensure} creates the days that are missing, each in a short transaction of its own:
 * under a transaction-level advisory lock on the day, so that partition steps and processes
 * creating the same day at once take turns and the later ones find it there, it creates the
 * table and attaches it. {@code ATTACH PARTITION} takes a {@code SHARE UPDATE EXCLUSIVE} lock on
 * {@code log_event}, which neither waits for the chunks being written nor stops readers, where
 * {@code CREATE TABLE ... PARTITION OF} would take an {@code ACCESS EXCLUSIVE} lock: it would wait
 * for every chunk transaction in flight and hold up every new one and every reader meanwhile.
 * Its own transaction ends at once, so no chunk transaction holds a lock on the partitioned
 * table for the creation until it commits, and other partition steps see the new day at once.
 * <p>
 * The days known to exist are remembered, so a chunk of known days costs no query. A day
 * dropped since, by {@code prune} here or in another process, is found out by {@link #recheck}
 * when a write fails for it. Thread-safe: one instance per process, shared by its partition
 * steps.
 */
public class DayPartitions {

	/**
	 * The first key of the two-key advisory lock held while a day's partition is created; the
	 * second is the day's epoch day.
	 */
	static final int LOCK_CLASS = 0x6c657670;

	private static final String PARENT = "log_event";

	private static final String NAME_PREFIX = PARENT + "_p";

	private static final String CHILDREN = """
			SELECT c.relname, c.reltuples, pg_total_relation_size(c.oid),
			 substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \\(''([^'']*)''\\)')
			FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = 'log_event'::regclass""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

	public DayPartitions(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The partition of a day: {@code log_event_p} and the day as YYYYMMDD. */
	public static String nameOf(LocalDate day) {
		return NAME_PREFIX + String.format("%04d%02d%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
	}

	/**
	 * Creates the partitions of the days that have none, each committed before this returns; a
	 * day known to have one costs nothing. Call it before the transaction that writes the days
	 * touches {@code log_event}: a transaction that holds a lock on it already may not see a
	 * partition attached after.
	 */
	public void ensure(Collection<LocalDate> days) {
		if (this.known.containsAll(days)) {
			return;
		}
		List<LocalDate> missing = new ArrayList<>(new TreeSet<>(days));
		missing.removeIf(this.known::contains);
		if (missing.isEmpty()) {
			return;
		}
		// in day order: two callers holding one day's lock never wait for each other's next
		for (LocalDate day : missing) {
			this.ownTransaction.executeWithoutResult((status) -> create(day));
			this.known.add(day);
		}
	}

	/**
	 * Asks the database again about days this process knew had partitions, and creates those
	 * dropped since.
	 * @return whether a partition was missing
	 */
	boolean recheck(Collection<LocalDate> days) {
		boolean created = false;
		for (LocalDate day : new TreeSet<>(days)) {
			this.known.remove(day);
			Boolean made = this.ownTransaction.execute((status) -> create(day));
			this.known.add(day);
			created |= Boolean.TRUE.equals(made);
		}
		return created;
	}

	/** The partitions there are, by day. */
	public List<DayPartition> list() {
		// the bounds in UTC and ISO form, whatever the session's TimeZone and DateStyle
		return this.ownTransaction.execute((status) -> {
			this.jdbc.queryForList("SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO', true)");
			List<DayPartition> partitions = this.jdbc.query(CHILDREN,
					(rs, row) -> new DayPartition(rs.getString(1), dayOf(rs.getString(4)), Math.max(0, rs.getLong(2)),
							rs.getLong(3)));
			partitions.sort((a, b) -> a.day().compareTo(b.day()));
			return partitions;
		});
	}

	/**
	 * Drops a day's partition with its rows, if there is one (also one left detached). Detaching
	 * it first, concurrently, takes only a {@code SHARE UPDATE EXCLUSIVE} lock on
	 * {@code log_event}, so chunks go on being written and read meanwhile, and waits until no
	 * transaction can see the partition any more; the drop then locks the detached table alone.
	 * A detach left pending by an earlier interrupted attempt is finished. Not in a transaction:
	 * PostgreSQL detaches concurrently only outside one.
	 * @return whether there was a partition
	 */
	public boolean drop(LocalDate day) {
		String name = nameOf(day);
		this.known.remove(day);
		List<Boolean> pending = this.jdbc.queryForList("""
				SELECT i.inhdetachpending FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
				WHERE i.inhparent = 'log_event'::regclass AND c.relname = ?""", Boolean.class, name);
		if (!pending.isEmpty()) {
			this.jdbc.execute("ALTER TABLE " + PARENT + " DETACH PARTITION " + name
					+ (Boolean.TRUE.equals(pending.get(0)) ? " FINALIZE" : " CONCURRENTLY"));
		}
		if (!Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, name))) {
			return false;
		}
		this.jdbc.execute("DROP TABLE " + name);
		return true;
	}

	/** In the caller's transaction; whether it created the partition. */
	private boolean create(LocalDate day) {
		String name = nameOf(day);
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?, ?)", LOCK_CLASS, Math.toIntExact(day.toEpochDay()));
		Boolean attached = this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
				WHERE i.inhparent = 'log_event'::regclass AND c.relname = ?)""", Boolean.class, name);
		if (Boolean.TRUE.equals(attached)) {
			return false;
		}
		// The partition's own defaults and CHECK constraints, which ATTACH requires it to have;
		// ATTACH adds the partitioned table's indexes and row triggers.
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + name + " (LIKE " + PARENT
				+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)");
		this.jdbc.execute("ALTER TABLE " + PARENT + " ATTACH PARTITION " + name + " FOR VALUES FROM ('"
				+ midnight(day) + "') TO ('" + midnight(day.plusDays(1)) + "')");
		return true;
	}

	/**
	 * A day's first instant as PostgreSQL reads it whatever the session's TimeZone and
	 * DateStyle: ISO with an explicit {@code +00}, the year in four digits or more.
	 */
	static String midnight(LocalDate day) {
		return String.format("%04d-%02d-%02d 00:00:00+00", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
	}

	/**
	 * The day of a lower bound as PostgreSQL writes it in UTC and ISO form:
	 * {@code 2026-12-01 00:00:00+00}, {@code 10000-01-01 00:00:00+00}, or with {@code BC} after.
	 */
	static LocalDate dayOf(String bound) {
		String[] date = bound.substring(0, bound.indexOf(' ')).split("-");
		int year = Integer.parseInt(date[0]);
		return LocalDate.of(bound.endsWith(" BC") ? 1 - year : year, Integer.parseInt(date[1]),
				Integer.parseInt(date[2]));
	}

	/**
	 * One partition of {@code log_event}.
	 * @param name its table
	 * @param day the UTC day it holds
	 * @param estimatedRows PostgreSQL's estimate of its rows, 0 before its first analyze
	 * @param bytes its size on disk with its indexes and TOAST
	 */
	public record DayPartition(String name, LocalDate day, long estimatedRows, long bytes) {
	}

}
