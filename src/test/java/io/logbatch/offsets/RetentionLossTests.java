package io.logbatch.offsets;

import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.logbatch.metrics.RecordMetrics;
import io.logbatch.report.RunSummary;
import io.logbatch.scheduling.ExclusiveRuns;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.WebhookServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Records that retention deleted before a run read them are reported as lost, never silently skipped. */
@ExtendWith(OutputCaptureExtension.class)
class RetentionLossTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void reportsRecordsDeletedByRetentionBeforeTheyWereReadAsLostAndReadsOnFromTheLogStart(CapturedOutput output)
			throws Exception {
		// given a group that stored offsets 0-9, then 10 more records of which retention deletes 10-14 unread
		String topic = Kafka.uniqueTopic("retention");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		try (WebhookServer webhook = WebhookServer.answering(204)) {
			Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.alert.webhook-url", webhook.url());
			assertThat(logbatch.run().written()).isEqualTo(10);
			Kafka.sendEvents(topic, 0, 10, 10);
			deleteRecordsBefore(new TopicPartition(topic, 0), 15);

			try (ConfigurableApplicationContext context = logbatch.start()) {
				// when
				JobExecution execution = context.getBean(ExclusiveRuns.class).run().orElseThrow();
				RunSummary summary = RunSummary.of(execution, context.getBean(LogbatchProperties.class).delivery());

				// then the run reads on from the log start, and says what it lost everywhere
				assertThat(summary.status()).isEqualTo("COMPLETED");
				assertThat(summary.read()).isEqualTo(5);
				assertThat(summary.lost()).isEqualTo(5);
				assertThat(summary.describe()).contains(", 5 lost");
				assertThat(summary.partitions()).singleElement().satisfies((partition) -> {
					assertThat(partition.lost()).isEqualTo(5);
					assertThat(partition.describe()).contains(", 5 lost");
				});
				assertThat(output.getAll().lines().filter((line) -> line.contains(" ERROR ")
						&& line.contains(topic + "-0: 5 records (offsets 10 to 14) were deleted by retention")))
					.hasSize(1);
				Counter lost = context.getBean(MeterRegistry.class)
					.find(RecordMetrics.RECORDS)
					.tags("topic", topic, "outcome", "lost")
					.counter();
				assertThat(lost).isNotNull();
				assertThat(lost.count()).isEqualTo(5);
			}
			assertThat(Database.eventCount()).isEqualTo(15);
			assertThat(webhook.requests()).singleElement()
				.satisfies((request) -> assertThat(json(request.body()).get("lost").asLong()).isEqualTo(5));
			Logbatch.CliResult status = logbatch.cli("status", "--json");
			assertThat(status.exitCode()).isZero();
			JsonNode newest = json(status.out()).get(0);
			assertThat(newest.get("lost").asLong()).isEqualTo(5);
			assertThat(newest.get("partitions").get(0).get("lost").asLong()).isEqualTo(5);

			// and the next run has nothing more to report
			RunSummary next = logbatch.run();
			assertThat(next.read()).isZero();
			assertThat(next.lost()).isZero();
		}
	}

	private static void deleteRecordsBefore(TopicPartition partition, long offset) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
			admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset))).all().get();
		}
	}

	private static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}

}
