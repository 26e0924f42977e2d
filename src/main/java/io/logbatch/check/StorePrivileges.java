package io.logbatch.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logbatch.LogbatchProperties.WriteMode;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the database user may do, as PostgreSQL's privilege functions tell it, against what runs
 * do: attach a day partition to {@code log_event} (CREATE on its schema and ownership of the
 * table, which prune's detach and drop need too), and write the store, the offsets, the redrive
 * ledger and Spring Batch's metadata (with the session's temporary tables that chunks stage rows
 * in). Reads the catalog only.
 */
final class StorePrivileges {

	/** What runs, restarts and redrives do to each table; log_event's UPDATE only in upsert mode. */
	private static final Map<String, List<String>> TABLES = tables();

	private static final List<String> SEQUENCES = List.of("batch_job_instance_seq", "batch_job_execution_seq",
			"batch_step_execution_seq");

	private static final String LOG_EVENT = """
			SELECT quote_ident(n.nspname), quote_ident(pg_get_userbyid(c.relowner)),
			  has_schema_privilege(n.oid, 'CREATE'), pg_has_role(c.relowner, 'USAGE')
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.oid = to_regclass('log_event')""";

	private static final String MISSING = """
			SELECT r.name, r.privilege FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS r(name, privilege, i)
			WHERE to_regclass(r.name) IS NOT NULL AND NOT CASE r.privilege
			  WHEN 'USAGE' THEN has_sequence_privilege(to_regclass(r.name), 'USAGE')
			  ELSE has_table_privilege(to_regclass(r.name), r.privilege) END
			ORDER BY r.i""";

	private final JdbcTemplate jdbc;

	private final WriteMode writeMode;

	StorePrivileges(JdbcTemplate jdbc, WriteMode writeMode) {
		this.jdbc = jdbc;
		this.writeMode = writeMode;
	}

	/** Adds the {@code partitions} and {@code writes} checks. */
	void check(List<Check> checks) {
		String user = this.jdbc.queryForObject("SELECT quote_ident(current_user)", String.class);
		List<LogEventTable> logEvent = this.jdbc.query(LOG_EVENT, (row, number) -> new LogEventTable(row.getString(1),
				row.getString(2), row.getBoolean(3), row.getBoolean(4)));
		if (logEvent.isEmpty()) {
			checks.add(schemaCreation(user));
			return;
		}
		checks.add(partitions(user, logEvent.get(0)));
		checks.add(writes(user));
	}

	/** Before the first run: Flyway creates the schema as this user, who then owns it. */
	private Check schemaCreation(String user) {
		Map<String, Object> schema = this.jdbc.queryForMap("SELECT quote_ident(current_schema()) AS name, "
				+ "has_schema_privilege(current_schema(), 'CREATE') AS creates");
		if (schema.get("name") == null) {
			return Check.fail("partitions", "no schema of the search_path exists: the first run cannot create "
					+ "log_event", "CREATE SCHEMA, or set the search_path (currentSchema in spring.datasource.url)");
		}
		if (!Boolean.TRUE.equals(schema.get("creates"))) {
			return Check.fail("partitions", "user " + user + " may not create tables in schema " + schema.get("name")
					+ ": the first run cannot create the schema", "GRANT CREATE ON SCHEMA " + schema.get("name")
							+ " TO " + user);
		}
		return Check.ok("partitions", "user " + user + " may create tables in schema " + schema.get("name")
				+ ": the first run creates the schema and owns log_event, whose day partitions it attaches");
	}

	private static Check partitions(String user, LogEventTable table) {
		String schema = table.schema();
		String owner = table.owner();
		if (table.creates() && table.owns()) {
			return Check.ok("partitions", "user " + user + " may create tables in schema " + schema + " and owns "
					+ "log_event: runs attach day partitions, prune detaches and drops them");
		}
		List<String> lacks = new ArrayList<>();
		List<String> fixes = new ArrayList<>();
		if (!table.creates()) {
			lacks.add("may not create tables in schema " + schema);
			fixes.add("GRANT CREATE ON SCHEMA " + schema + " TO " + user);
		}
		if (!table.owns()) {
			lacks.add("does not own log_event (" + owner + " does)");
			fixes.add("run logbatch as " + owner + ", the user the migrations ran as (or GRANT " + owner + " TO " + user
					+ ")");
		}
		return Check.fail("partitions", "user " + user + " " + String.join(" and ", lacks) + ": a chunk with an event "
				+ "of a day without its partition fails its run, and prune cannot drop old days", String.join("; ", fixes));
	}

	private Check writes(String user) {
		List<String> names = new ArrayList<>();
		List<String> privileges = new ArrayList<>();
		TABLES.forEach((table, needed) -> {
			for (String privilege : needed) {
				if (!privilege.equals("UPDATE") || !table.equals("log_event") || this.writeMode == WriteMode.UPSERT) {
					names.add(table);
					privileges.add(privilege);
				}
			}
		});
		SEQUENCES.forEach((sequence) -> {
			names.add(sequence);
			privileges.add("USAGE");
		});
		Map<String, List<String>> missing = new LinkedHashMap<>();
		this.jdbc.query(MISSING, (row) -> {
			missing.computeIfAbsent(row.getString(1), (name) -> new ArrayList<>()).add(row.getString(2));
		}, names.toArray(String[]::new), privileges.toArray(String[]::new));
		boolean temporary = Boolean.TRUE.equals(
				this.jdbc.queryForObject("SELECT has_database_privilege(current_database(), 'TEMPORARY')", Boolean.class));
		if (missing.isEmpty() && temporary) {
			return Check.ok("writes", "user " + user + " may write log_event, log_rollup, log_rollup_hour, consumer_offset, "
					+ "dlt_redrive "
					+ "and Spring Batch's tables, and stage chunks in temporary tables");
		}
		List<String> lacks = new ArrayList<>();
		List<String> grants = new ArrayList<>();
		missing.forEach((name, lacking) -> {
			lacks.add(String.join(", ", lacking) + " on " + name);
			grants.add("GRANT " + String.join(", ", lacking) + " ON " + (SEQUENCES.contains(name) ? "SEQUENCE " : "")
					+ name + " TO " + user);
		});
		if (!temporary) {
			String database = this.jdbc.queryForObject("SELECT quote_ident(current_database())", String.class);
			lacks.add("TEMPORARY on database " + database);
			grants.add("GRANT TEMPORARY ON DATABASE " + database + " TO " + user);
		}
		return Check.fail("writes", "user " + user + " lacks " + String.join("; ", lacks)
				+ ": runs fail at their first chunk", String.join("; ", grants));
	}

	/** {@code log_event}'s schema and owner, quoted, and what the current user may do with them. */
	private record LogEventTable(String schema, String owner, boolean creates, boolean owns) {
	}

	private static Map<String, List<String>> tables() {
		Map<String, List<String>> tables = new LinkedHashMap<>();
		tables.put("log_event", List.of("SELECT", "INSERT", "UPDATE"));
		tables.put("log_rollup", List.of("SELECT", "INSERT", "UPDATE", "DELETE"));
		tables.put("log_rollup_hour", List.of("SELECT", "INSERT", "UPDATE", "DELETE"));
		tables.put("consumer_offset", List.of("SELECT", "INSERT", "UPDATE"));
		tables.put("dlt_redrive", List.of("SELECT", "INSERT", "UPDATE"));
		for (String batch : List.of("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
				"batch_job_execution_context", "batch_step_execution", "batch_step_execution_context")) {
			tables.put(batch, List.of("SELECT", "INSERT", "UPDATE"));
		}
		return tables;
	}

}
