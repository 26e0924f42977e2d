package io.logbatch.cli;

import java.net.UnknownHostException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Tells a startup that failed because PostgreSQL could not be reached, and describes it in one
 * line that names the server of {@code spring.datasource.url}: host, port and database, never
 * the credentials or parameters that the URL may carry ({@code password=...}).
 */
final class UnreachableDatabase {

	/** SQLSTATE class 08: connection exception. */
	private static final String CONNECTION_EXCEPTION = "08";

	private UnreachableDatabase() {
	}

	/** The connection failure among the causes of a failed startup, or null if it is not one. */
	static @Nullable SQLException connectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
				return sql;
			}
		}
		return null;
	}

	/** {@code could not connect to PostgreSQL at host:port/database: why}. */
	static String describe(SQLException failure, @Nullable String url) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		String why = (root instanceof UnknownHostException) ? "unknown host " + root.getMessage()
				: (root.getMessage() != null) ? root.getMessage() : root.toString();
		return "could not connect to PostgreSQL at " + address(url) + ": " + why;
	}

	/**
	 * {@code host:port/database} of a pgjdbc URL such as
	 * {@code jdbc:postgresql://user:secret@host:5432/db?password=secret}.
	 */
	static String address(@Nullable String url) {
		if (url == null || url.isBlank()) {
			return "(spring.datasource.url is not set)";
		}
		String address = url.strip();
		int scheme = address.indexOf("//");
		if (scheme >= 0) {
			address = address.substring(scheme + 2);
		}
		else if (address.startsWith("jdbc:postgresql:")) {
			address = address.substring("jdbc:postgresql:".length());
		}
		int parameters = address.indexOf('?');
		if (parameters >= 0) {
			address = address.substring(0, parameters);
		}
		int credentials = address.lastIndexOf('@');
		if (credentials >= 0) {
			address = address.substring(credentials + 1);
		}
		return address;
	}

}
