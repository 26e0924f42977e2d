package io.logbatch.cli;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The database password is in no output: not of a run, not of status, not of a failure to start. */
@ExtendWith(OutputCaptureExtension.class)
class PasswordSecrecyTests {

	private static final String PASSWORD = "pw-canary-7f3a";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void theDatabasePasswordAppearsInNoOutputOfARunOrStatus(CapturedOutput output) throws Exception {
		// given a password set as users set it (the test database trusts local connections)
		String topic = Kafka.uniqueTopic("secret");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, java.util.List.of("{\"event_id\":\"a\"}", "not json"));
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.datasource.password", PASSWORD);

		// when
		CliResult run = logbatch.cli("run");
		CliResult status = logbatch.cli("status", "--json", "--partitions");

		// then
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(status.exitCode()).isZero();
		assertThat(run.out() + run.err() + status.out() + status.err() + output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void theDatabasePasswordAppearsInNoOutputWhenTheDatabaseRefusesTheConnection(CapturedOutput output) {
		// given a URL naming a database that does not exist, with the password in the URL too
		String url = TestInfrastructure.jdbcUrl();
		String missing = url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1no_such_database");
		Logbatch logbatch = Logbatch.forTopics(Kafka.uniqueTopic("secret-fail"))
			.with("spring.datasource.url", missing + (missing.contains("?") ? "&" : "?") + "password=" + PASSWORD)
			.with("spring.datasource.password", PASSWORD);

		// when
		CliResult run = logbatch.cli("run");

		// then it fails, saying why, and without the password
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.err()).contains("no_such_database");
		assertThat(run.out() + run.err() + output.getAll()).doesNotContain(PASSWORD);
	}

}
