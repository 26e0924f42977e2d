package io.logbatch.cli;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void runExitsZeroAndPrintsTheSummary() {
		// given
		String topic = Kafka.uniqueTopic("cli");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, java.util.List.of(
				// one event twice: with its time, so the same row whatever the records' timestamps
				"{\"event_id\":\"a\",\"@timestamp\":\"2026-11-30T10:00:00Z\"}",
				"{\"event_id\":\"a\",\"@timestamp\":\"2026-11-30T10:00:00Z\"}", "oops"));

		// when
		CliResult result = Logbatch.forTopics(topic).cli("run");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("COMPLETED: 3 read, 1 written, 1 duplicates, 0 filtered, 1 dead-lettered");
	}

	@Test
	void runExitsTwoWithOneLineWhenATopicDoesNotExist() {
		// when
		CliResult result = Logbatch.forTopics(Kafka.uniqueTopic("missing")).cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1).contains("topic that does not exist");
	}

	@Test
	void exitsTwoOnAnInvalidSetting() {
		// when
		CliResult result = Logbatch.forTopics("logs").with("logbatch.chunk-size", "0").cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1).contains("logbatch.chunk-size must be positive");
	}

	@Test
	void reportsAnInvalidSettingBeforeConnectingToAnything() {
		// given a bad cron expression and a database that cannot be reached
		Logbatch logbatch = Logbatch.forTopics("logs").with("logbatch.schedule.cron", "every tuesday")
			.with("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nowhere");

		// when
		CliResult result = logbatch.cli("schedule");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.schedule.cron must be a cron expression of six fields");
	}

	@Test
	void exitsTwoOnAnUnknownCommandOrArgument() {
		assertThat(Logbatch.forTopics("logs").cli("frobnicate").exitCode()).isEqualTo(2);
		CliResult result = Logbatch.forTopics("logs").cli("run", "--no-such-option");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--no-such-option");
	}

	@Test
	void everyCommandHasHelp() {
		CliResult run = Logbatch.forTopics("logs").cli("run", "--help");
		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("One bounded run");
		CliResult top = Logbatch.forTopics("logs").cli("--help");
		assertThat(top.exitCode()).isZero();
		assertThat(top.out()).contains("run").contains("worker");
		CliResult worker = Logbatch.forTopics("logs").cli("worker", "--help");
		assertThat(worker.exitCode()).isZero();
		assertThat(worker.out()).contains("Serves the partitions of remote runs");
	}

	@Test
	void exitsTwoOnAnUnknownWorkersMode() {
		CliResult result = Logbatch.forTopics("logs").cli("run", "--workers=elsewhere");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--workers must be 'local' or 'remote', was 'elsewhere'");
	}

	@Test
	void exitsTwoWhenTheGroupIdMakesNoRequestTopicName() {
		CliResult result = Logbatch.forTopics("logs").with("logbatch.group-id", "ops team").cli("run", "--workers=remote");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("logbatch.remote.request-topic must be set: group id 'ops team'");
	}

}
