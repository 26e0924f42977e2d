package io.logbatch.alert;

import java.util.List;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.Logbatch;
import io.logbatch.support.WebhookServer.Request;
import io.logbatch.support.WebhookServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The ERROR line and the webhook of a run that dead-lettered records. */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterAlertTests {

	private static final String GOOD = """
			{"event_id":"%s","@timestamp":"2024-05-01T10:00:00Z","message":"fine"}""";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void logsOneErrorLineWithTheDeadLettersPerTopicAndReasonAndPostsTheRunSummaryToTheWebhook(CapturedOutput output)
			throws Exception {
		// given bad input in one topic, and in another a row that PostgreSQL rejects
		String logs = Kafka.uniqueTopic("alert-logs");
		String audit = Kafka.uniqueTopic("alert-audit");
		Kafka.createTopicWithDeadLetterTopic(logs, 1);
		Kafka.createTopicWithDeadLetterTopic(audit, 1);
		Kafka.sendAll(logs, 0, List.of(GOOD.formatted("l-1"), "not json", "[1,2]", """
				{"event_id":"l-t","@timestamp":"last tuesday"}""", GOOD.formatted("l-2")));
		Kafka.sendAll(audit, 0, List.of(GOOD.formatted("a-1"), GOOD.formatted("a-rejected"), GOOD.formatted("a-2")));
		Faults.failInserts("23514", 1000, "NEW.event_id = 'a-rejected'");
		try (WebhookServer webhook = WebhookServer.answering(204)) {
			Logbatch logbatch = Logbatch.forTopics(logs + "," + audit)
				.with("logbatch.alert.webhook-url", webhook.url());

			// when
			RunSummary summary = logbatch.run();

			// then one ERROR line says what went where
			assertThat(summary.status()).isEqualTo("COMPLETED");
			String line = "Run " + summary.executionId() + " dead-lettered 4 records: " + audit
					+ ": sqlstate-23514 1; " + logs + ": not-json-object 2, bad-timestamp 1";
			assertThat(output.getAll()).containsOnlyOnce(line);
			assertThat(output.getAll().lines().filter((logged) -> logged.endsWith(line)))
				.singleElement()
				.asString()
				.contains(" ERROR ");

			// and the webhook received the run summary
			assertThat(webhook.requests()).singleElement().satisfies((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.path()).isEqualTo("/hooks/logbatch");
				assertThat(request.contentType()).startsWith("application/json");
			});
			JsonNode body = JsonMapper.builder().build().readTree(webhook.requests().get(0).body());
			assertThat(body.get("executionId").asLong()).isEqualTo(summary.executionId());
			assertThat(body.get("group").asString()).isEqualTo(logbatch.groupId());
			assertThat(body.get("status").asString()).isEqualTo("COMPLETED");
			assertThat(body.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
			assertThat(body.get("end").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
			assertThat(body.get("read").asLong()).isEqualTo(8);
			assertThat(body.get("written").asLong()).isEqualTo(4);
			assertThat(body.get("duplicates").asLong()).isZero();
			assertThat(body.get("filtered").asLong()).isZero();
			assertThat(body.get("deadLettered").asLong()).isEqualTo(4);
			assertThat(body.at("/deadLetters/" + logs + "/not-json-object").asLong()).isEqualTo(2);
			assertThat(body.at("/deadLetters/" + logs + "/bad-timestamp").asLong()).isEqualTo(1);
			assertThat(body.at("/deadLetters/" + audit + "/sqlstate-23514").asLong()).isEqualTo(1);
			assertThat(body.has("recordsPerSecond")).isTrue();
			assertThat(body.get("lag").asLong()).isZero();
		}
	}

	@Test
	void retriesAFailingWebhookAndTheRunCompletes(CapturedOutput output) throws Exception {
		// given a webhook that fails twice before it takes the summary
		String topic = badRecordsTopic("alert-retry");
		try (WebhookServer webhook = WebhookServer.answering(500, 503, 200)) {

			// when
			RunSummary summary = Logbatch.forTopics(topic).with("logbatch.alert.webhook-url", webhook.url()).run();

			// then
			assertThat(summary.status()).isEqualTo("COMPLETED");
			assertThat(webhook.requests()).hasSize(3)
				.extracting(Request::body)
				.allSatisfy((body) -> assertThat(body).contains("\"executionId\":" + summary.executionId()));
			assertThat(output.getAll()).contains("Sent the run summary to the alert webhook");
		}
	}

	@Test
	void aWebhookThatNeverAnswersLeavesTheRunCompletedWithOneWarning(CapturedOutput output) throws Exception {
		// given
		String topic = badRecordsTopic("alert-silent");
		try (WebhookServer webhook = WebhookServer.neverAnswering()) {

			// when
			RunSummary summary = Logbatch.forTopics(topic)
				.with("logbatch.alert.webhook-url", webhook.url())
				.with("logbatch.alert.timeout", "300ms")
				.with("logbatch.alert.attempts", "2")
				.run();

			// then it tried twice, gave up, and the run is unharmed
			assertThat(summary.status()).isEqualTo("COMPLETED");
			assertThat(webhook.requests()).hasSize(2);
			String host = webhook.url().substring(0, webhook.url().indexOf("/hooks"));
			assertThat(output.getAll()).containsOnlyOnce("The alert webhook at " + host + " failed 2 time(s)");
			assertThat(output.getAll()).doesNotContain("/hooks/logbatch");
		}
	}

	@Test
	void aWebhookThatRefusesConnectionsLeavesTheRunCompleted(CapturedOutput output) throws Exception {
		// given a webhook URL where nothing listens
		String topic = badRecordsTopic("alert-closed");
		WebhookServer closed = WebhookServer.answering(200);
		closed.close();

		// when
		RunSummary summary = Logbatch.forTopics(topic).with("logbatch.alert.webhook-url", closed.url()).run();

		// then
		assertThat(summary.status()).isEqualTo("COMPLETED");
		assertThat(output.getAll()).contains("failed 3 time(s)");
	}

	@Test
	void aRunWithoutDeadLettersRaisesNoAlert(CapturedOutput output) throws Exception {
		// given
		String topic = Kafka.uniqueTopic("alert-none");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5);
		try (WebhookServer webhook = WebhookServer.answering(200)) {

			// when
			RunSummary summary = Logbatch.forTopics(topic).with("logbatch.alert.webhook-url", webhook.url()).run();

			// then
			assertThat(summary.written()).isEqualTo(5);
			assertThat(webhook.requests()).isEmpty();
			assertThat(output.getAll()).doesNotContain("dead-lettered 0 records").doesNotContain(" records: ");
		}
	}

	@Test
	void rejectsAWebhookUrlThatIsNotHttpWithExitTwo() {
		// when
		CliResult result = Logbatch.forTopics("any").cli("run", "--logbatch.alert.webhook-url=ftp://example.com/x");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(
				"logbatch.alert.webhook-url must be an http or https URL, was 'ftp://example.com/x'");
	}

	private static String badRecordsTopic(String prefix) {
		String topic = Kafka.uniqueTopic(prefix);
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, List.of(GOOD.formatted("g-1"), "garbage"));
		return topic;
	}

}
