package io.logbatch.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logbatch.metrics.MonitoringExamples.Query;
import io.logbatch.metrics.PromQl.Selector;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.LogbatchProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alerting rules and the Grafana dashboard of {@code config/examples} query only what logbatch
 * serves: every metric of their PromQL, with every label their matchers name, is in a scrape of the packaged
 * application's {@code schedule} after a run. A metric's histogram or summary samples are checked by the names
 * that are served ({@code _count}, {@code _sum}, {@code _max}), so a query of {@code _bucket} fails where a timer
 * publishes no buckets.
 */
class MonitoringExamplesIT {

	private static final Duration START = Duration.ofSeconds(90);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void everyMetricAndLabelThatTheAlertRulesAndTheDashboardQueryIsServedBySchedule() throws Exception {
		// given the queries, and a schedule that has run once over good and bad records
		List<Query> queries = new ArrayList<>();
		MonitoringExamples.alertExpressions()
			.forEach((alert, expression) -> queries.add(new Query("alert " + alert, MonitoringExamples.PROMETHEUS,
					expression, "rule")));
		queries.addAll(MonitoringExamples.dashboardQueries()
			.stream()
			.filter((query) -> query.datasource().equals(MonitoringExamples.PROMETHEUS))
			.toList());
		String topic = Kafka.uniqueTopic("monitored");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 5);
		Kafka.sendAll(topic, 0, List.of("not json"));
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.schedule.cron", "*/2 * * * * *");

		// when
		PrometheusScrape scrape;
		try (LogbatchProcess schedule = logbatch.process("schedule")) {
			schedule.awaitOutput("Tomcat started on port", START);
			Matcher started = PORT.matcher(schedule.output());
			assertThat(started.find()).as(schedule.output()).isTrue();
			String metrics = "http://127.0.0.1:" + started.group(1) + "/actuator/prometheus";
			// the lag is measured, and the job's timer stopped, when a run has ended
			Awaitility.await().atMost(START).until(() -> {
				String served = get(metrics);
				return served.contains("logbatch_consumer_lag{") && served.contains("spring_batch_job_seconds_count{");
			});
			scrape = PrometheusScrape.parse(get(metrics));
			schedule.signal("TERM");
			assertThat(schedule.awaitExit(START)).as(schedule.output()).isZero();
		}

		// then
		List<String> missing = new ArrayList<>();
		int selectors = 0;
		for (Query query : queries) {
			for (Selector selector : MonitoringExamples.prometheusSelectors(query.text())) {
				selectors++;
				if (!scrape.has(selector.metric())) {
					missing.add(query.where() + ": metric " + selector.metric());
					continue;
				}
				for (String label : selector.labels()) {
					if (!scrape.has(selector.metric(), label)) {
						missing.add(query.where() + ": label " + label + " of " + selector.metric() + ", which has "
								+ scrape.labels(selector.metric()));
					}
				}
			}
		}
		assertThat(queries).as("the queries of the rules and the dashboard").hasSizeGreaterThan(10);
		assertThat(selectors).isGreaterThan(queries.size());
		assertThat(missing).as("what the rules and the dashboard query that schedule does not serve; it serves "
				+ scrape.samples()).isEmpty();
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
