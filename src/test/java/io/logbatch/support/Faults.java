package io.logbatch.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Faults injected into the test database with a trigger on {@code log_event}: failed inserts,
 * and a trap that holds the insert of one event, with its chunk transaction open, until the
 * test springs it. The trap is a PostgreSQL advisory lock that the test holds and the trigger
 * waits for, so a test sees exactly when a run is held mid-chunk.
 */
public final class Faults {

	private static final long TRAP_KEY = 0x74726170L;

	private Faults() {
	}

	/**
	 * Makes inserts into log_event fail with the given SQLSTATE, {@code times} times,
	 * optionally only for rows matching {@code condition}. A sequence counts the failures
	 * because it is not rolled back with them.
	 */
	public static void failInserts(String sqlState, int times, String condition) {
		Database.jdbc().execute("DROP SEQUENCE IF EXISTS injected_failures");
		Database.jdbc().execute("CREATE SEQUENCE injected_failures");
		install("""
				IF (%s) AND nextval('injected_failures') <= %d THEN
				  RAISE EXCEPTION 'injected failure' USING ERRCODE = '%s';
				END IF;""".formatted((condition != null) ? condition : "true", times, sqlState));
	}

	/** Holds the insert of one event until {@link Trap#release()}; every try of it, until then. */
	public static Trap trapInsertOf(String eventId) {
		Trap trap = new Trap();
		install("""
				IF NEW.event_id = '%s' THEN
				  PERFORM pg_advisory_xact_lock_shared(%d);
				END IF;""".formatted(eventId.replace("'", "''"), TRAP_KEY));
		return trap;
	}

	/**
	 * Removes every injected fault. Dropping the trigger locks {@code log_event} and then each of
	 * its partitions, while a run that a trap just let go goes on writing into one of them: when
	 * PostgreSQL ends that deadlock by failing the drop, the drop is tried again.
	 */
	public static void clear() {
		for (int attempt = 1;; attempt++) {
			try {
				Database.jdbc().execute("DROP TRIGGER IF EXISTS inject_failure ON log_event");
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == 10) {
					throw ex;
				}
			}
		}
	}

	/**
	 * A BEFORE INSERT trigger on log_event with this PL/pgSQL body, as a user's own trigger
	 * would be; it replaces any fault injected before.
	 */
	public static void beforeInsert(String body) {
		install(body);
	}

	private static void install(String body) {
		clear();
		Database.jdbc().execute("""
				CREATE OR REPLACE FUNCTION inject_failure() RETURNS trigger AS $$
				BEGIN
				  %s
				  RETURN NEW;
				END $$ LANGUAGE plpgsql""".formatted(body));
		Database.jdbc().execute("""
				CREATE TRIGGER inject_failure BEFORE INSERT ON log_event
				FOR EACH ROW EXECUTE FUNCTION inject_failure()""");
	}

	/** A held insert: the test's session holds the lock the trigger waits for. */
	public static final class Trap implements AutoCloseable {

		private final Connection connection;

		private Trap() {
			try {
				this.connection = Database.jdbc().getDataSource().getConnection();
				try (Statement statement = this.connection.createStatement()) {
					statement.execute("SELECT pg_advisory_lock(" + TRAP_KEY + ")");
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Waits until a run is held in the trap; the PostgreSQL backend that is held. */
		public int awaitHeld(Duration timeout) {
			String held = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = "
					+ TRAP_KEY + " LIMIT 1";
			Awaitility.await().atMost(timeout).until(() -> !Database.jdbc().queryForList(held, Integer.class).isEmpty());
			return Database.jdbc().queryForList(held, Integer.class).get(0);
		}

		/** Ends the held backend's session, as PostgreSQL would once it noticed its client died. */
		public void terminate(int pid) {
			Database.jdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid);
		}

		/** Lets the held insert, and every later one, through. */
		public void release() {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			release();
			clear();
		}

	}

}
