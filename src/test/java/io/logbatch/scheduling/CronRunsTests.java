package io.logbatch.scheduling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class CronRunsTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void runsOnTheCronUntilAGracefulStopAndEachRunReadsWhatArrivedSince() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("cron");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.schedule.cron", "* * * * * *");
		try (ConfigurableApplicationContext context = logbatch.start()) {
			CompletableFuture<Void> serving = serve(context);

			// when records arrive between runs
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Database.eventCount() == 10);
			Kafka.sendEvents(topic, 0, 10, 5);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Database.eventCount() == 15);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> completedRuns(logbatch.groupId()) >= 2);
			context.getBean(GracefulStop.class).request();

			// then it returns, the run under way (if any) stopped, and no run failed
			serving.get(30, TimeUnit.SECONDS);
		}
		assertThat(Database.count("SELECT count(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p "
				+ "ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE p.PARAMETER_VALUE = ? "
				+ "AND e.STATUS NOT IN ('COMPLETED', 'STOPPED')", logbatch.groupId())).isZero();
		assertThat(Database.eventCount()).isEqualTo(15);
	}

	@Test
	void skipsItsTurnWhileAnotherProcessRunsTheGroup() throws Exception {
		// given another process holding the group's run lock
		String topic = Kafka.uniqueTopic("cron-locked");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.schedule.cron", "* * * * * *");
		try (ConfigurableApplicationContext context = logbatch.start();
				Connection other = Database.jdbc().getDataSource().getConnection()) {
			try (PreparedStatement lock = other
				.prepareStatement("SELECT pg_advisory_lock(hashtextextended('logbatch:' || ?, 0))")) {
				lock.setString(1, logbatch.groupId());
				lock.execute();
			}
			CompletableFuture<Void> serving = serve(context);

			// then none of the turns in the next seconds runs
			Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
				.until(() -> completedRuns(logbatch.groupId()) == 0 && Database.eventCount() == 0);

			// when the other process is gone, the next turn runs
			other.close();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Database.eventCount() == 10);
			context.getBean(GracefulStop.class).request();
			serving.get(30, TimeUnit.SECONDS);
		}
	}

	private static CompletableFuture<Void> serve(ConfigurableApplicationContext context) {
		return CompletableFuture.runAsync(() -> {
			try {
				context.getBean(CronRuns.class).serve();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static long completedRuns(String groupId) {
		return Database.count("SELECT count(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p "
				+ "ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'group' "
				+ "AND p.PARAMETER_VALUE = ? AND e.STATUS = 'COMPLETED'", groupId);
	}

}
