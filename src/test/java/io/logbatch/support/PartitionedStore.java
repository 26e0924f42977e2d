package io.logbatch.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A database of its own, on the test server, migrated by Flyway: the partitioned log store, with
 * {@code log_event} range-partitioned by {@code occurred_at}, one partition per UTC day named
 * {@code log_event_pYYYYMMDD}, and {@code log_rollup}. {@link #createDay} creates a day's partition by
 * those conventions with plain SQL, apart from the store's own code (store/DayPartitions), so that tests
 * of that code set up their days without it.
 */
public final class PartitionedStore {

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'log_event_p'uuuuMMdd");

	private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

	private final String jdbcUrl;

	private final JdbcTemplate jdbc;

	private PartitionedStore(String jdbcUrl) {
		this.jdbcUrl = jdbcUrl;
		this.jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), jdbcUrl));
	}

	/** A new, migrated database of this name on the test server; one of the name before is dropped. */
	public static PartitionedStore create(String name) {
		JdbcTemplate server = Database.jdbc();
		server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		server.execute("CREATE DATABASE " + name);
		Matcher url = DATABASE.matcher(TestInfrastructure.jdbcUrl());
		if (!url.matches()) {
			throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + TestInfrastructure.jdbcUrl());
		}
		PartitionedStore store = new PartitionedStore(url.group(1) + name + url.group(3));
		Flyway.configure().dataSource(store.dataSource()).locations("classpath:db/migration").load().migrate();
		return store;
	}

	/** For {@code spring.datasource.url}. */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public DataSource dataSource() {
		return this.jdbc.getDataSource();
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/** The partition of a UTC day, as the conventions name and bound it. */
	public static String partitionOf(LocalDate day) {
		return NAME.format(day);
	}

	/** Creates the partition of a day; returns its name. */
	public String createDay(LocalDate day) {
		String name = partitionOf(day);
		this.jdbc.execute("CREATE TABLE " + name + " PARTITION OF log_event FOR VALUES FROM ('" + text(day)
				+ " 00:00:00+00') TO ('" + text(day.plusDays(1)) + " 00:00:00+00')");
		return name;
	}

	/** A day as PostgreSQL reads it, also the day after 9999-12-31, which LocalDate writes with a sign. */
	private static String text(LocalDate day) {
		return String.format("%04d-%02d-%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
	}

	/** Stores events {@code <prefix>-0} up to {@code <prefix>-(count - 1)} at one time; its day must exist. */
	public void insertEvents(String prefix, Instant occurredAt, int count) {
		this.jdbc.update("INSERT INTO log_event (event_id, occurred_at, level, message) "
				+ "SELECT ? || '-' || n, ?, 'INFO', 'event ' || n FROM generate_series(0, ? - 1) n", prefix,
				occurredAt.atOffset(ZoneOffset.UTC), count);
	}

	/** The names of the partitions of log_event, in name order. */
	public java.util.List<String> partitions() {
		return this.jdbc.queryForList("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
				+ "WHERE i.inhparent = 'log_event'::regclass ORDER BY 1", String.class);
	}

	public boolean exists(String table) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
	}

}
