package io.logbatch.ingest;

import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A record whose row PostgreSQL rejected (see {@link FaultPolicy#rejectedRow}), as it is
 * dead-lettered: the message is PostgreSQL's SQLSTATE and message, such as
 * {@code SQLSTATE P0001: rejected by trigger}, with its detail when it has one, and the
 * cause is the write's failure. Spring's exceptions name neither plainly (a trigger's
 * exception is an {@code UncategorizedSQLException} whose message starts with the JDBC
 * call), so an operator reading the DLT, or the dead-letter counts by {@link #reason()},
 * would not see what to fix.
 */
final class RejectedRowException extends RuntimeException {

	private final String sqlState;

	private RejectedRowException(SQLException error, Throwable failure) {
		super("SQLSTATE " + error.getSQLState() + ": " + describe(error), failure);
		this.sqlState = error.getSQLState();
	}

	/** The failure as it is dead-lettered: a rejected row as this exception, else itself. */
	static Throwable of(Throwable failure) {
		SQLException error = FaultPolicy.rejectedRow(failure);
		return (error != null) ? new RejectedRowException(error, failure) : failure;
	}

	/** The reason the dead letter is counted under: {@code sqlstate-} and the SQLSTATE. */
	String reason() {
		return "sqlstate-" + this.sqlState;
	}

	private static String describe(SQLException error) {
		ServerErrorMessage server = (error instanceof PSQLException psql) ? psql.getServerErrorMessage() : null;
		if (server == null || server.getMessage() == null) {
			return String.valueOf(error.getMessage());
		}
		String detail = server.getDetail();
		return server.getMessage() + ((detail != null) ? " Detail: " + detail : "");
	}

}
