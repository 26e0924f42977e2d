package io.logbatch.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.LogbatchProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged application in {@code schedule} mode, scraped over HTTP as Prometheus scrapes it. */
class ScheduleEndpointsIT {

	private static final Duration START = Duration.ofSeconds(90);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void scheduleServesHealthAndPrometheusMetricsOnItsPort() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("scrape");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5);
		Kafka.sendAll(topic, 0, List.of("not json"));
		Logbatch logbatch = Logbatch.forTopics(topic)
			.with("logbatch.schedule.cron", "* * * * * *")
			.with("server.address", "127.0.0.1")
			.with("server.port", "0");

		// when
		try (LogbatchProcess schedule = logbatch.process("schedule")) {
			schedule.awaitOutput("Tomcat started on port", START);
			Matcher started = PORT.matcher(schedule.output());
			assertThat(started.find()).as(schedule.output()).isTrue();
			String base = "http://127.0.0.1:" + started.group(1);

			// then
			HttpResponse<String> health = get(base + "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			// the lag is measured when a run has ended
			Awaitility.await().atMost(START).until(() -> get(base + "/actuator/prometheus").body()
				.contains("logbatch_consumer_lag{"));
			String metrics = get(base + "/actuator/prometheus").body();
			assertThat(metrics).containsPattern("logbatch_records_total\\{[^}]*outcome=\"written\"[^}]*topic=\""
					+ topic + "\"[^}]*} 5\\.0");
			assertThat(metrics).containsPattern("logbatch_records_total\\{[^}]*outcome=\"dead_lettered\"[^}]*"
					+ "reason=\"not-json-object\"[^}]*} 1\\.0");
			assertThat(metrics).containsPattern("logbatch_consumer_lag\\{[^}]*partition=\"0\"[^}]*topic=\"" + topic
					+ "\"[^}]*} 0\\.0");
			assertThat(metrics).contains("spring_batch_job_seconds_count", "spring_batch_step_seconds_count",
					"spring_batch_chunk_write_seconds_count");
			assertThat(get(base + "/actuator/env").statusCode()).isEqualTo(404);

			// and it still shuts down cleanly
			schedule.signal("TERM");
			assertThat(schedule.awaitExit(START)).as(schedule.output()).isZero();
		}
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
