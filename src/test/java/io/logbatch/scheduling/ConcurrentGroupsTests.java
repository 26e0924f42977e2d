package io.logbatch.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.logbatch.LogbatchProperties;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cron starts the runs of many groups at the same minute: the group's run lock keeps one
 * group's runs apart, and nothing else may make the runs of different groups fail each other.
 */
class ConcurrentGroupsTests {

	private static final int GROUPS = 4;

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@RepeatedTest(2)
	void runsOfDifferentGroupsStartedAtTheSameInstantAllComplete() throws Exception {
		// given four groups, each with its own topic of two partitions, started and ready
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		List<String> topics = new ArrayList<>();
		try {
			for (int group = 0; group < GROUPS; group++) {
				String topic = Kafka.uniqueTopic("cron-" + group);
				Kafka.createTopicWithDeadLetterTopic(topic, 2);
				Kafka.sendEvents(topic, 0, group * 100, 5);
				Kafka.sendEvents(topic, 1, group * 100 + 50, 5);
				topics.add(topic);
				contexts.add(Logbatch.forTopics(topic).start());
			}
			CyclicBarrier sameInstant = new CyclicBarrier(GROUPS);

			// when every group's run starts at once
			List<CompletableFuture<RunSummary>> runs = new ArrayList<>();
			for (ConfigurableApplicationContext context : contexts) {
				runs.add(CompletableFuture.supplyAsync(() -> {
					try {
						sameInstant.await(30, TimeUnit.SECONDS);
						JobExecution execution = context.getBean(ExclusiveRuns.class).run().orElseThrow();
						return RunSummary.of(execution, context.getBean(LogbatchProperties.class).delivery());
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
			}

			// then all of them complete, each having stored its own topic
			for (CompletableFuture<RunSummary> run : runs) {
				RunSummary summary = run.get(120, TimeUnit.SECONDS);
				assertThat(summary.status()).as(summary.toString()).isEqualTo("COMPLETED");
				assertThat(summary.read()).isEqualTo(10);
			}
			assertThat(Database.eventCount()).isEqualTo(GROUPS * 10);
		}
		finally {
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

}
