package io.logbatch.metrics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logbatch.metrics.MonitoringExamples.Query;
import io.logbatch.support.ChildProcess;
import io.logbatch.support.Database;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.support.rowset.SqlRowSet;
import org.springframework.jdbc.support.rowset.SqlRowSetMetaData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerting rules and the dashboard of {@code config/examples} are well formed, and the dashboard's
 * queries of the log store run against its schema and show what {@code log_rollup} holds. That they query
 * only metrics logbatch serves is {@link MonitoringExamplesIT}'s.
 */
class MonitoringExamplesTests {

	private static final Duration SHELL = Duration.ofSeconds(60);

	/** Grafana's variables, which it sets itself. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertRuleHasAnExpressionOfLogbatchMetricsASeverityAndWhatToDo() {
		// given
		List<Map<String, Object>> rules = MonitoringExamples.alertRules();

		// then
		assertThat(rules).extracting((rule) -> rule.get("alert"))
			.containsExactly("LogbatchRunFailed", "LogbatchDeadLetters", "LogbatchLagGrowing", "LogbatchNoSuccessfulRun");
		for (Map<String, Object> rule : rules) {
			assertThat(PromQl.metricNames((String) rule.get("expr"))).as(rule.get("alert") + "'s metrics").isNotEmpty();
			assertThat(((Map<String, String>) rule.get("labels")).get("severity")).isIn("critical", "warning");
			assertThat((Map<String, String>) rule.get("annotations")).containsKeys("summary", "description");
		}
		if (ChildProcess.installed("promtool")) {
			ChildProcess.Result check = ChildProcess.inheriting("promtool", "check", "rules",
					MonitoringExamples.ALERT_RULES.toString()).run(SHELL);
			assertThat(check.exitCode()).as(check.output()).isZero();
			ChildProcess.Result unitTests = ChildProcess.inheriting("promtool", "test", "rules",
					"prometheus-alerts-test.yml").in(MonitoringExamples.ALERT_RULES.getParent()).run(SHELL);
			assertThat(unitTests.exitCode()).as(unitTests.output()).isZero();
		}
	}

	@Test
	void everyDashboardPanelQueriesTheDataSourceOfItsVariable() {
		// given
		JsonNode dashboard = MonitoringExamples.dashboard();
		Set<String> variables = new HashSet<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			variables.add(variable.path("name").asString());
		}
		List<Query> queries = MonitoringExamples.dashboardQueries();

		// then
		assertThat(variables).contains("prometheus", "postgresql", "group", "instance", "service");
		assertThat(dashboard.path("uid").asString()).isEqualTo("logbatch");
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("a unique panel id: " + panel).isTrue();
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			}
		}
		assertThat(queries).extracting(Query::datasource)
			.containsOnly(MonitoringExamples.PROMETHEUS, MonitoringExamples.POSTGRESQL);
		for (Query query : queries) {
			assertThat(query.text()).as(query.where()).isNotBlank();
			Matcher variable = VARIABLE.matcher(query.text());
			while (variable.find()) {
				assertThat(variable.group(1)).as(query.where() + " uses a variable the dashboard defines")
					.matches((name) -> name.startsWith("__") || variables.contains(name), "defined");
			}
			if (query.datasource().equals(MonitoringExamples.PROMETHEUS)) {
				assertThat(MonitoringExamples.prometheusSelectors(query.text())).as(query.where()).isNotEmpty();
			}
		}
		assertThat(dashboard.toString()).as("every data source is one the user picks")
			.containsPattern("\"datasource\":\\{\"type\":\"prometheus\",\"uid\":\"\\$\\{prometheus}\"")
			.doesNotContainPattern("\"datasource\":\\{\"type\":\"[^\"]*\",\"uid\":\""
					+ "(?!\\$\\{(prometheus|postgresql)}|-- Grafana --)");
	}

	@Test
	void dashboardQueriesOfTheLogStoreRunAgainstItsSchemaAndShowItsRollups() {
		// given
		Database.reset();
		Database.jdbc().update("INSERT INTO log_rollup (bucket, service, level, events) VALUES (?, 'checkout', 'ERROR', 3), "
				+ "(?, 'checkout', 'INFO', 7), (?, '', 'INFO', 5)", Timestamp.from(NOW.minusSeconds(600)),
				Timestamp.from(NOW.minusSeconds(600)), Timestamp.from(NOW.minusSeconds(60)));
		List<Query> queries = MonitoringExamples.dashboardQueries()
			.stream()
			.filter((query) -> query.datasource().equals(MonitoringExamples.POSTGRESQL))
			.toList();
		Map<String, String> variables = Map.of("service", "'checkout',''");

		// when
		List<String> ran = new ArrayList<>();
		for (Query query : queries) {
			String sql = GrafanaSql.expand(query.text(), NOW.minus(Duration.ofHours(1)), NOW.plusSeconds(60),
					Duration.ofMinutes(1), variables);
			SqlRowSet rows = Database.jdbc().queryForRowSet(sql);
			SqlRowSetMetaData columns = rows.getMetaData();
			List<String> lines = new ArrayList<>();
			while (rows.next()) {
				List<String> values = new ArrayList<>();
				for (int column = 1; column <= columns.getColumnCount(); column++) {
					values.add(columns.getColumnLabel(column) + "=" + rows.getString(column));
				}
				lines.add(String.join(" ", values));
			}
			ran.add(query.where() + ": " + lines);

			// then
			assertThat(lines).as(query.where() + "\n" + sql).isNotEmpty();
			if (query.format().equals("time_series")) {
				assertThat(columns.getColumnLabel(1)).as(query.where()).isEqualTo("time");
			}
		}
		assertThat(ran).hasSize(4).containsExactly(
				"panel 'Events stored by level' A: [time=" + epoch(600) + " level=ERROR events=3, time=" + epoch(600)
						+ " level=INFO events=7, time=" + epoch(60) + " level=INFO events=5]",
				"panel 'Errors by service' A: [time=" + epoch(600) + " service=checkout errors=3]",
				"panel 'Events by service' A: [service=checkout events=10 errors=3 errors %=30.00, "
						+ "service=(none) events=5 errors=0 errors %=0.00]",
				"variable $service: [service=, service=checkout]");
	}

	/** The time of a minute bucket as the dashboard's queries give it: seconds since the epoch. */
	private static String epoch(long secondsAgo) {
		return Long.toString(NOW.minusSeconds(secondsAgo).getEpochSecond());
	}

}
