package io.logbatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the partitions of {@code log_event} from PostgreSQL's catalog, never from their names: the
 * children in {@code pg_inherits}, each range from {@code pg_get_expr(relpartbound)} cast back to
 * {@code timestamptz} in the same session, so that the session's time zone, which PostgreSQL prints the
 * bounds in, cannot shift a day. A child without a plain range (MINVALUE, MAXVALUE, DEFAULT) is not
 * listed, and so never dropped. Stateless; each call runs on the connection it is given.
 */
final class PartitionCatalog {

	/** Marks a table that a prune detached from {@code log_event} to drop it next. */
	static final String DETACHED_MARK = "logbatch: an expired partition of log_event, detached by prune to drop";

	/** The tables {@code c} marked with the parameter's text, which are not partitions. */
	private static final String MARKED = """
			FROM pg_class c
			JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
			WHERE d.description = ? AND c.relkind = 'r' AND NOT c.relispartition""";

	/** A partition {@code c}'s range, {@code {from, to}} as text; null for any other kind of bound. */
	private static final String BOUNDS = """
			regexp_match(pg_get_expr(c.relpartbound, c.oid),
			             '^FOR VALUES FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)$')""";

	private static final String PARTITIONS = """
			SELECT name, bounds[1]::timestamptz AS range_from, bounds[2]::timestamptz AS range_to, detach_pending,
			       estimated_rows, bytes
			FROM (SELECT c.oid::regclass::text AS name, i.inhdetachpending AS detach_pending, %s AS bounds,
			             greatest(coalesce(s.n_live_tup, 0), c.reltuples::bigint) AS estimated_rows,
			             pg_total_relation_size(c.oid) AS bytes
			      FROM pg_inherits i
			      JOIN pg_class c ON c.oid = i.inhrelid
			      LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
			      WHERE i.inhparent = to_regclass('log_event')) p
			WHERE bounds IS NOT NULL
			ORDER BY range_from""".formatted(BOUNDS);

	/**
	 * Whether a partition ends by the first parameter ({@code timestamptz}; none if null), or a table
	 * marked {@link #DETACHED_MARK} (the second) waits for its drop: what {@link #partitions} and
	 * {@link #detached} would show a prune, without reading every partition's size.
	 */
	static final String ANY_TO_DROP = """
			EXISTS (SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			        WHERE i.inhparent = to_regclass('log_event') AND (%s)[2]::timestamptz <= ?)
			OR EXISTS (SELECT %s)""".formatted(BOUNDS, MARKED);

	private static final String DETACHED = "SELECT c.oid::regclass::text " + MARKED + " ORDER BY c.relname";

	private static final String STATE = """
			SELECT c.relispartition, i.inhdetachpending, d.description
			FROM pg_class c
			LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
			LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
			WHERE c.oid = to_regclass(?)""";

	private PartitionCatalog() {
	}

	/** Every partition of {@code log_event} with a range, oldest first; none while it is not partitioned. */
	static List<DayPartition> partitions(Connection connection) throws SQLException {
		List<DayPartition> partitions = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(PARTITIONS);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				partitions.add(new DayPartition(rows.getString(1), instant(rows, 2), instant(rows, 3),
						rows.getBoolean(4), rows.getLong(5), rows.getLong(6)));
			}
		}
		return partitions;
	}

	/** Tables a prune detached but could not drop: the next one drops them first. */
	static List<String> detached(Connection connection) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(DETACHED)) {
			statement.setString(1, DETACHED_MARK);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					tables.add(rows.getString(1));
				}
			}
		}
		return tables;
	}

	/** Where a table stands now, as a prune that drops it must know before each step. */
	static State state(Connection connection, String table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(STATE)) {
			statement.setString(1, table);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					return State.GONE;
				}
				if (rows.getBoolean(1)) {
					return rows.getBoolean(2) ? State.DETACH_PENDING : State.ATTACHED;
				}
				return DETACHED_MARK.equals(rows.getString(3)) ? State.DETACHED : State.NOT_OURS;
			}
		}
	}

	private static Instant instant(ResultSet rows, int column) throws SQLException {
		OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
		return time.toInstant();
	}

	/** A table on its way out of the store. */
	enum State {

		/** A partition of {@code log_event}. */
		ATTACHED,
		/** Still a partition, but no query plans it any more: {@code FINALIZE} completes its detach. */
		DETACH_PENDING,
		/** Detached by a prune, to be dropped. */
		DETACHED,
		/** A table that is neither a partition nor marked by a prune: someone else's, left alone. */
		NOT_OURS,
		/** Dropped already, by this prune or another. */
		GONE

	}

}
