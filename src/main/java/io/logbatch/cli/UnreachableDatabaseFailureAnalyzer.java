package io.logbatch.cli;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Claims a startup that failed because PostgreSQL could not be reached, so that Spring Boot
 * does not log it with a stack trace of a hundred lines: the command line reports it in one
 * line naming the server ({@link Cli}).
 */
class UnreachableDatabaseFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		SQLException connection = UnreachableDatabase.connectionFailure(failure);
		if (connection == null) {
			return null;
		}
		return new FailureAnalysis("PostgreSQL could not be reached: " + connection.getMessage(),
				"Check spring.datasource.url and that PostgreSQL accepts connections there.", failure);
	}

}
