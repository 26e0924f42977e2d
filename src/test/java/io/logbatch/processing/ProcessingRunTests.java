package io.logbatch.processing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.logbatch.metrics.RecordMetrics;
import io.logbatch.report.RunSummary;
import io.logbatch.scheduling.ExclusiveRuns;
import io.logbatch.support.Database;
import io.logbatch.support.DeadLetters;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.WebhookServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processing rules through a run against the real broker and database: what the rules drop is not
 * stored and is counted by rule in the run summary, {@code status}, the metrics and the webhook; no
 * configured secret reaches any column of {@code log_event}; dead letters keep their bytes.
 */
class ProcessingRunTests {

	/** The example JWT of RFC 7519, section 3.1. */
	private static final String JWT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
			+ ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
			+ ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	/**
	 * Every secret the events below carry: an OpenSSH client address, a Postfix sender, RFC 6750's bearer
	 * token, a Basic credential and a password (by attribute name), Stripe's and Visa's test cards, RFC
	 * 7519's JWT, the AWS CLI documentation's access key, and a key of the custom pattern.
	 */
	private static final List<String> SECRETS = List.of("192.168.1.133", "stanix@example.co.uk", "mF_9.B5f-4.1JqM",
			"YWxhZGRpbjpvcGVuc2VzYW1l", "hunter2", "4242 4242 4242 4242", "4111-1111-1111-1111", JWT,
			"AKIAIOSFODNN7EXAMPLE", "sk-abcdefghij0123456789xyz");

	private static final String BAD_RECORD = """
			{"event_id":"bad","@timestamp":"never","message":"bounce to stanix@example.co.uk"}""";

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void storesNoConfiguredSecretLeavesOutDroppedEventsAndCountsThemByRule() throws Exception {
		// given events to drop, events that carry secrets, a plain one, and a bad record
		String topic = Kafka.uniqueTopic("rules");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendAll(topic, 0, List.of("""
				{"event_id":"d-debug","level":"debug","service":"checkout","message":"cache miss for cart 81"}""", """
				{"event_id":"d-probe","service":"checkout","message":"GET /healthz HTTP/1.1",\
				"user_agent":"kube-probe/1.29"}""", """
				{"event_id":"d-5xx","level":"error","service":"edge","message":"upstream timed out",\
				"http":{"response":{"status_code":504}}}""", """
				{"event_id":"s-ssh","service":"sshd",\
				"message":"Accepted password for rromero from 192.168.1.133 port 49765 ssh2"}""", """
				{"event_id":"s-mail","service":"postfix",\
				"message":"1DBB4A7FD: from=<stanix@example.co.uk>, size=1778, nrcpt=1 (queue active)"}""", """
				{"event_id":"s-api","level":"warn","service":"api","message":"rejected Authorization: Bearer mF_9.B5f-4.1JqM",\
				"http":{"request":{"headers":{"Authorization":"Basic YWxhZGRpbjpvcGVuc2VzYW1l"}}},\
				"user":{"name":"aladdin","password":"hunter2"}}""", """
				{"event_id":"s-pay","service":"billing","message":"charged card 4242 4242 4242 4242",\
				"payments":[{"card":"4111-1111-1111-1111","session":"%s"}],"aws":{"key":"AKIAIOSFODNN7EXAMPLE"},\
				"note":"key sk-abcdefghij0123456789xyz rotated"}""".formatted(JWT), """
				{"event_id":"plain","service":"web","message":"started","env":"staging"}""", BAD_RECORD));
		Logbatch logbatch = rules(Logbatch.forTopics(topic));

		try (WebhookServer webhook = WebhookServer.answering(204)) {
			logbatch.with("logbatch.alert.webhook-url", webhook.url());
			try (ConfigurableApplicationContext context = logbatch.start()) {
				// when
				RunSummary summary = run(context);

				// then the dropped events are counted, by rule, and not stored
				assertThat(summary.status()).isEqualTo("COMPLETED");
				assertThat(summary.read()).isEqualTo(9);
				assertThat(summary.written()).isEqualTo(5);
				assertThat(summary.filtered()).isEqualTo(3);
				assertThat(summary.deadLettered()).isEqualTo(1);
				assertThat(summary.filteredByRule())
					.isEqualTo(Map.of(topic, Map.of("below-level", 1L, "rules[0]", 1L, "rules[1]", 1L)));
				assertThat(Database.jdbc().queryForList("SELECT event_id FROM log_event ORDER BY event_id", String.class))
					.containsExactly("plain", "s-api", "s-mail", "s-pay", "s-ssh");

				// and no secret is in any column of any row
				List<String> rows = Database.jdbc().queryForList("SELECT t::text FROM log_event t", String.class);
				assertThat(rows).hasSize(5);
				for (String secret : SECRETS) {
					assertThat(rows).noneMatch((row) -> row.contains(secret));
				}
				assertThat(message("s-ssh")).isEqualTo("Accepted password for rromero from [REDACTED:ipv4] port 49765 ssh2");
				assertThat(message("s-mail"))
					.isEqualTo("1DBB4A7FD: from=<[REDACTED:email]>, size=1778, nrcpt=1 (queue active)");
				assertThat(message("s-api")).isEqualTo("rejected Authorization: Bearer [REDACTED:bearer-token]");
				assertThat(attributes("s-api")).isEqualTo(json("""
						{"http":{"request":{"headers":{"Authorization":"[REDACTED]"}}},\
						"user":{"name":"aladdin","password":"[REDACTED]"},"env":"prod","deployment.environment":"prod"}"""));
				assertThat(attributes("s-pay")).isEqualTo(json("""
						{"payments":[{"card":"[REDACTED:credit-card]","session":"[REDACTED:jwt]"}],\
						"aws":{"key":"[REDACTED:aws-access-key]"},"note":"key [REDACTED:api-key] rotated",\
						"env":"prod","deployment.environment":"prod"}"""));
				assertThat(attributes("plain"))
					.isEqualTo(json("{\"env\":\"staging\",\"deployment.environment\":\"prod\"}"));

				// and the dead letter keeps the record's bytes
				List<ConsumerRecord<byte[], byte[]>> deadLetters = Kafka.readAll(topic + "-dlt");
				assertThat(deadLetters).singleElement()
					.satisfies((deadLetter) -> DeadLetters.assertReason(deadLetter, "bad-timestamp"));
				assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(BAD_RECORD);

				// and the metrics count the filtered events with their rule as the reason
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(records(registry, topic, "below-level")).isEqualTo(1);
				assertThat(records(registry, topic, "rules[0]")).isEqualTo(1);
				assertThat(records(registry, topic, "rules[1]")).isEqualTo(1);
				assertThat(records(registry, topic, RecordMetrics.NO_REASON)).isZero();

				// and the webhook lists them beside the dead letters
				JsonNode body = JsonMapper.builder().build().readTree(webhook.requests().get(0).body());
				assertThat(body.get("filtered").asLong()).isEqualTo(3);
				assertThat(body.at("/filteredByRule/" + topic + "/rules[1]").asLong()).isEqualTo(1);
				assertThat(body.at("/deadLetters/" + topic + "/bad-timestamp").asLong()).isEqualTo(1);
			}
		}

		// and status shows them, in its text under the execution's row, and in JSON
		String byRule = "filtered by rule: " + topic + ": below-level 1, rules[0] 1, rules[1] 1";
		assertThat(logbatch.cli("status", "--limit", "1").out()).contains("    " + byRule);
		JsonNode status = JsonMapper.builder().build().readTree(logbatch.cli("status", "--json", "--limit", "1").out());
		assertThat(status.at("/0/filtered").asLong()).isEqualTo(3);
		assertThat(status.at("/0/filteredByRule/" + topic + "/below-level").asLong()).isEqualTo(1);
		assertThat(status.at("/0/partitions/0/filteredByRule/rules[0]").asLong()).isEqualTo(1);

		// and so does the summary that run prints, for a second group that reads the same records
		CliResult second = rules(Logbatch.forTopics(topic)).cli("run");
		assertThat(second.exitCode()).isZero();
		assertThat(second.out().lines().skip(1).findFirst()).hasValue("  " + byRule);
	}

	@Test
	void exitsTwoNamingTheKeyOfAnExpressionThatDoesNotCompile() {
		// when
		CliResult result = Logbatch.forTopics("logs")
			.with("logbatch.process.drop.rules[0].message", "^GET")
			.with("logbatch.process.drop.rules[1].message", "(unclosed")
			.cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.process.drop.rules[1].message must be a Java regular expression: Unclosed group");
	}

	@Test
	void exitsTwoNamingTheKeyOfAnUnknownBuiltInPattern() {
		// when
		CliResult result = Logbatch.forTopics("logs").with("logbatch.process.redact.patterns[0]", "ssn").cli("run");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip()).hasLineCount(1)
			.contains("logbatch.process.redact.patterns[0] must be one of email, credit-card, bearer-token, jwt, "
					+ "aws-access-key, ipv4, or a name: regex entry, was 'ssn'");
	}

	/** Every kind of rule, as command-line arguments. */
	private static Logbatch rules(Logbatch logbatch) {
		return logbatch.with("logbatch.process.drop.below-level", "INFO")
			.with("logbatch.process.drop.rules[0].user_agent", "kube-probe")
			.with("logbatch.process.drop.rules[1].http.response.status_code", "^5\\d\\d$")
			.with("logbatch.process.redact.fields", "password,authorization")
			.with("logbatch.process.redact.patterns[0]", "email")
			.with("logbatch.process.redact.patterns[1]", "credit-card")
			.with("logbatch.process.redact.patterns[2]", "bearer-token")
			.with("logbatch.process.redact.patterns[3]", "jwt")
			.with("logbatch.process.redact.patterns[4]", "aws-access-key")
			.with("logbatch.process.redact.patterns[5]", "ipv4")
			.with("logbatch.process.redact.patterns[6].api-key", "sk-[a-z0-9]{20,}")
			.with("logbatch.process.add-fields.env", "prod")
			.with("logbatch.process.add-fields.deployment.environment", "prod");
	}

	private static RunSummary run(ConfigurableApplicationContext context) throws Exception {
		JobExecution execution = context.getBean(ExclusiveRuns.class).run().orElseThrow();
		return RunSummary.of(execution, context.getBean(LogbatchProperties.class).delivery());
	}

	private static String message(String eventId) {
		return Database.jdbc().queryForObject("SELECT message FROM log_event WHERE event_id = ?", String.class,
				eventId);
	}

	private static JsonNode attributes(String eventId) {
		return json(Database.jdbc().queryForObject("SELECT attributes::text FROM log_event WHERE event_id = ?",
				String.class, eventId));
	}

	private static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}

	private static double records(MeterRegistry registry, String topic, String reason) {
		Counter counter = registry.find(RecordMetrics.RECORDS)
			.tags("topic", topic, "outcome", "filtered", "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
