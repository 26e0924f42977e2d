package io.logbatch.scheduling;

import java.time.Duration;

import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.GuaranteeScenario;
import io.logbatch.support.Kafka;
import io.logbatch.support.KafkaProcess;
import io.logbatch.support.LogbatchProcess;
import io.logbatch.support.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kafka broker, or PostgreSQL, restarted while the packaged application is in the middle
 * of a run: whatever that run's outcome, the next run leaves every valid event stored exactly
 * once, every bad record in the dead-letter topic, and the offsets at the end of the topic.
 */
class InfrastructureRestartIT {

	private static final Duration START = Duration.ofSeconds(90);

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void brokerKilledAndRestartedDuringARun() throws Exception {
		try (KafkaProcess broker = new KafkaProcess(); AutoCloseable onBroker = Kafka.target(broker.bootstrapServers())) {
			// given a run held mid-chunk against a broker of its own
			broker.start();
			GuaranteeScenario scenario = new GuaranteeScenario(Kafka.uniqueTopic("broker-restart"));
			try (LogbatchProcess run = scenario.logbatch().processFromArchive("run")) {
				try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
					trap.awaitHeld(START);

					// when the broker dies and comes back while the run is inside a chunk
					broker.kill();
					broker.start();
				}

				// then the run ends on its own, completed or failed
				int exitCode = run.awaitExit(START);
				assertThat(exitCode).as(run.output()).isIn(0, 1);
				run.output().lines().filter((line) -> line.startsWith("Run ")).forEach((summary) ->
						System.out.println("Run across the broker restart, exit code " + exitCode + ": " + summary));
			}
			followUpAndCheck(scenario);
		}
	}

	@Test
	void postgresRestartedDuringARun() throws Exception {
		assumeTrue(TestInfrastructure.ownsPostgres(), "PostgreSQL is external (LOGBATCH_TEST_DB_URL)");
		// given a run held mid-chunk
		GuaranteeScenario scenario = new GuaranteeScenario(Kafka.uniqueTopic("postgres-restart"));
		try (LogbatchProcess run = scenario.logbatch().processFromArchive("run")) {
			try (Faults.Trap trap = Faults.trapInsertOf("p0-24")) {
				trap.awaitHeld(START);

				// when PostgreSQL restarts, ending every session, the run's lock and chunk included
				TestInfrastructure.restartPostgres();
			}

			// then the run fails on the lost transaction, with the chunk before it committed
			assertThat(run.awaitExit(START)).as(run.output()).isEqualTo(1);
			assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-19'")).isOne();
			assertThat(Database.count("SELECT count(*) FROM log_event WHERE event_id = 'p0-24'")).isZero();
		}
		followUpAndCheck(scenario);
	}

	private static void followUpAndCheck(GuaranteeScenario scenario) throws Exception {
		try (LogbatchProcess next = scenario.logbatch().processFromArchive("run")) {
			assertThat(next.awaitExit(START)).as(next.output()).isZero();
		}
		scenario.assertStoredExactlyOnce();
	}

}
