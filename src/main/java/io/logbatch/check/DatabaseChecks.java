package io.logbatch.check;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL side of {@code check}: the server answers, is new enough, and holds the schema
 * at the Flyway version this logbatch expects. Flyway's {@code info} compares the schema history
 * with the migrations on the classpath; nothing migrates.
 */
final class DatabaseChecks {

	/** PostgreSQL 14: {@code DETACH PARTITION ... CONCURRENTLY}, which prune uses. */
	static final int OLDEST_SERVER = 140000;

	private final Supplier<DataSource> dataSource;

	private final @Nullable String url;

	private final Supplier<@Nullable Flyway> flyway;

	/**
	 * @param dataSource the application's DataSource, created when first asked for: creating it
	 * may fail (no {@code spring.datasource.url})
	 * @param url {@code spring.datasource.url}, to name the server
	 * @param flyway the application's Flyway, as it would migrate, created when first asked for;
	 * null when {@code spring.flyway.enabled} is false
	 */
	DatabaseChecks(Supplier<DataSource> dataSource, @Nullable String url, Supplier<@Nullable Flyway> flyway) {
		this.dataSource = dataSource;
		this.url = url;
		this.flyway = flyway;
	}

	/**
	 * Connects and adds the {@code postgresql} check.
	 * @return the DataSource when the server answered, else null
	 */
	@Nullable DataSource connect(List<Check> checks) {
		DataSource connected;
		try {
			connected = this.dataSource.get();
		}
		catch (RuntimeException ex) {
			checks.add(Check.fail("postgresql", "no DataSource: " + rootMessage(ex) + "; schema, privileges and run "
					+ "lock not checked", "set spring.datasource.url, username and password"));
			return null;
		}
		try (Connection connection = connected.getConnection(); Statement statement = connection.createStatement();
				ResultSet server = statement.executeQuery("SELECT current_setting('server_version'), "
						+ "current_setting('server_version_num')::int, current_user, current_database()")) {
			server.next();
			String about = "PostgreSQL " + server.getString(1) + " at " + address() + ", as user " + server.getString(3);
			if (server.getInt(2) < OLDEST_SERVER) {
				checks.add(Check.fail("postgresql", about + ": logbatch needs PostgreSQL 14 or newer (prune detaches "
						+ "partitions concurrently)", "upgrade PostgreSQL to 14 or newer"));
			}
			else {
				checks.add(Check.ok("postgresql", about));
			}
			return connected;
		}
		catch (SQLException | RuntimeException ex) {
			checks.add(Check.fail("postgresql", "could not connect to PostgreSQL at " + address() + ": " + rootMessage(ex)
					+ "; schema, privileges and run lock not checked",
					"check spring.datasource.url, username and password, and that PostgreSQL accepts connections "
							+ "there"));
			return null;
		}
	}

	/**
	 * Adds the {@code schema} check: the applied Flyway version against the newest migration on
	 * the classpath.
	 * @return whether the schema exists (at whatever version)
	 */
	boolean checkSchema(List<Check> checks) {
		Flyway flyway = this.flyway.get();
		if (flyway == null) {
			checks.add(Check.warn("schema", "not checked: spring.flyway.enabled is false, so runs leave the schema "
					+ "to you", null));
			return true;
		}
		MigrationInfoService info;
		try {
			info = flyway.info();
		}
		catch (RuntimeException ex) {
			checks.add(Check.fail("schema", "Flyway could not read the schema history: " + rootMessage(ex),
					"let this user read " + flyway.getConfiguration().getTable()
							+ " (GRANT SELECT), as every run's migration step does"));
			return false;
		}
		MigrationInfo[] all = info.all();
		Optional<MigrationInfo> expected = Arrays.stream(all)
			.filter((migration) -> migration.getVersion() != null && migration.getState().isResolved())
			.max(Comparator.comparing(MigrationInfo::getVersion));
		MigrationInfo current = info.current();
		List<MigrationInfo> failed = Arrays.stream(all).filter((migration) -> migration.getState().isFailed()).toList();
		List<MigrationInfo> changed = Arrays.stream(all)
			.filter((migration) -> migration.getState() == MigrationState.SUCCESS && !migration.isChecksumMatching())
			.toList();
		String expectedVersion = expected.map(DatabaseChecks::describe).orElse("none");
		if (!failed.isEmpty()) {
			checks.add(Check.fail("schema", "migration " + describe(failed.get(0)) + " failed: the schema is part "
					+ "migrated and runs refuse it", "repair what the migration left (its error is in the log of the "
							+ "run that failed), then delete its failed row from "
							+ flyway.getConfiguration().getTable() + " so that the next run applies it again"));
		}
		else if (current == null) {
			checks.add(Check.warn("schema", "none yet: the first run creates it (Flyway, up to version "
					+ expectedVersion + ")", null));
			return false;
		}
		else if (!changed.isEmpty()) {
			checks.add(Check.fail("schema", "migration " + describe(changed.get(0)) + " on the classpath differs from "
					+ "the one applied (checksum): a run's Flyway validation fails",
					"run the logbatch version that applied it, or ask for help: never edit an applied migration"));
		}
		else if (expected.isPresent() && current.getVersion().compareTo(expected.get().getVersion()) < 0) {
			String pending = Arrays.stream(info.pending()).map(DatabaseChecks::describe).collect(Collectors.joining(", "));
			checks.add(Check.fail("schema", "at version " + describe(current) + ", this logbatch expects "
					+ expectedVersion + ": the next run migrates it, applying " + pending,
					"stop the runs, schedules and workers of the older logbatch, then start one run of this one: it "
							+ "migrates the schema (see Upgrading in the README)"));
		}
		else if (expected.isPresent() && current.getVersion().compareTo(expected.get().getVersion()) > 0) {
			checks.add(Check.fail("schema", "at version " + describe(current) + ", newer than this logbatch knows ("
					+ expectedVersion + "): a newer logbatch migrated it", "run the newer logbatch"));
		}
		else {
			checks.add(Check.ok("schema", "Flyway version " + describe(current) + ", as this logbatch expects"));
		}
		return true;
	}

	private static String describe(MigrationInfo migration) {
		return migration.getVersion() + " (" + migration.getDescription() + ")";
	}

	/** {@code host:port/database} of the URL, never its credentials or parameters. */
	private String address() {
		if (this.url == null || this.url.isBlank()) {
			return "(spring.datasource.url is not set)";
		}
		Properties parsed = org.postgresql.Driver.parseURL(this.url, null);
		if (parsed == null) {
			return "(spring.datasource.url is not a PostgreSQL URL)";
		}
		return parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT") + "/" + parsed.getProperty("PGDBNAME");
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return (root instanceof UnknownHostException) ? "unknown host " + root.getMessage()
				: (root.getMessage() != null) ? root.getMessage() : root.toString();
	}

}
