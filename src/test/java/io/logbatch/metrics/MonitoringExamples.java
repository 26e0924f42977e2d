package io.logbatch.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logbatch.metrics.PromQl.Selector;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring examples of {@code config/examples} as their tests read them: the expressions of the Prometheus
 * alerting rules, and every query of the Grafana dashboard, panel by panel and variable by variable.
 */
final class MonitoringExamples {

	static final Path ALERT_RULES = Path.of("config/examples/prometheus-alerts.yml");

	static final Path DASHBOARD = Path.of("config/examples/grafana-dashboard.json");

	static final String PROMETHEUS = "prometheus";

	static final String POSTGRESQL = "grafana-postgresql-datasource";

	/** Grafana's {@code label_values(metric{...}, label)}: the values of a label of a metric. */
	private static final Pattern LABEL_VALUES = Pattern.compile("(?s)\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*");

	private MonitoringExamples() {
	}

	/** The alerting rules of every group, each as its YAML map: alert, expr, for, labels, annotations. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> alertRules() {
		Map<String, Object> file = new Yaml().load(read(ALERT_RULES));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	/** Each alerting rule's name and PromQL expression. */
	static Map<String, String> alertExpressions() {
		Map<String, String> expressions = new LinkedHashMap<>();
		alertRules().forEach((rule) -> expressions.put((String) rule.get("alert"), (String) rule.get("expr")));
		return expressions;
	}

	static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(read(DASHBOARD));
	}

	/** Every query of the dashboard: each panel's targets (rows' panels too), then each query variable's. */
	static List<Query> dashboardQueries() {
		JsonNode dashboard = dashboard();
		List<Query> queries = new ArrayList<>();
		addPanelQueries(dashboard.path("panels"), queries);
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if (variable.path("type").asString().equals("query")) {
				JsonNode query = variable.path("query");
				String text = query.isObject() ? query.path("query").asString() : query.asString();
				queries.add(new Query("variable $" + variable.path("name").asString(),
						variable.path("datasource").path("type").asString(), text, "variable"));
			}
		}
		return queries;
	}

	private static void addPanelQueries(JsonNode panels, List<Query> queries) {
		for (JsonNode panel : panels) {
			addPanelQueries(panel.path("panels"), queries);
			for (JsonNode target : panel.path("targets")) {
				JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
				String type = datasource.path("type").asString();
				String text = type.equals(PROMETHEUS) ? target.path("expr").asString() : target.path("rawSql").asString();
				queries.add(new Query("panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
						type, text, target.path("format").asString()));
			}
		}
	}

	/**
	 * The selectors of a Prometheus query of the dashboard: PromQL, or a variable's {@code label_values(...)},
	 * whose label the metric must carry too.
	 */
	static List<Selector> prometheusSelectors(String query) {
		Matcher labelValues = LABEL_VALUES.matcher(query);
		if (!labelValues.matches()) {
			return PromQl.selectors(query);
		}
		List<Selector> selectors = new ArrayList<>();
		for (Selector selector : PromQl.selectors(labelValues.group(1))) {
			Set<String> labels = new LinkedHashSet<>(selector.labels());
			labels.add(labelValues.group(2));
			selectors.add(new Selector(selector.metric(), labels));
		}
		return selectors;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A query of the dashboard: where it is, its data source's type, its text, and its format. */
	record Query(String where, String datasource, String text, String format) {
	}

}
