package io.logbatch.ingest;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FaultPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "22P02", "22001", "23514", "23505", "P0001", "P0004", "54000" })
	void classifiesARowPostgresqlRejectsAsBadInputThatIsNeverRetried(String sqlState) {
		// given a write failure whose SQLException carries a SQLSTATE of one bad row
		Throwable failure = writeFailure(sqlState);

		// then
		assertThat(FaultPolicy.isBadInput(failure)).isTrue();
		assertThat(FaultPolicy.isTransient(failure)).isFalse();
		assertThat(RejectedRowException.of(failure)).hasMessage("SQLSTATE " + sqlState + ": ERROR: refused")
			.hasCause(failure);
		assertThat(DeadLetterAcknowledgements.reasonOf(RejectedRowException.of(failure))).isEqualTo("sqlstate-" + sqlState);
	}

	@ParameterizedTest
	@ValueSource(strings = { "08006", "08001", "57P01", "53100", "58030", "42P01", "XX000" })
	void neverDeadLettersAnErrorOfTheConnectionTheServerOrTheSchema(String sqlState) {
		// given
		Throwable failure = writeFailure(sqlState);

		// then
		assertThat(FaultPolicy.isBadInput(failure)).isFalse();
		assertThat(RejectedRowException.of(failure)).isSameAs(failure);
	}

	@ParameterizedTest
	@ValueSource(strings = { "40001", "40P01", "55P03" })
	void retriesWhatSpringTranslatesAsTransient(String sqlState) {
		// given
		Throwable failure = new CannotAcquireLockException("ConnectionCallback", new SQLException("busy", sqlState));

		// then
		assertThat(FaultPolicy.isTransient(failure)).isTrue();
		assertThat(FaultPolicy.isBadInput(failure)).isFalse();
	}

	private static Throwable writeFailure(String sqlState) {
		return new UncategorizedSQLException("ConnectionCallback", null, new SQLException("ERROR: refused", sqlState));
	}

}
