package io.logbatch.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL query of a Grafana panel as Grafana's PostgreSQL data source sends it: template variables replaced
 * first, then the time macros expanded as that data source expands them ({@code $__timeFilter(column)} to
 * {@code column BETWEEN 'from' AND 'to'}, {@code $__timeGroupAlias(column, 5m)} to
 * {@code floor(extract(epoch from column)/300)*300 AS "time"}). Anything else that looks like a variable or
 * macro is refused, so that a query cannot pass with a part left unexpanded.
 */
final class GrafanaSql {

	private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(\\s*([^)]+?)\\s*\\)");

	private static final Pattern TIME_GROUP = Pattern
		.compile("\\$__timeGroup(Alias)?\\(\\s*([^,]+?)\\s*,\\s*'?(\\d+)([smhd])'?\\s*\\)");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	private GrafanaSql() {
	}

	/**
	 * The query for a time range and an interval, with each variable's value as Grafana formats it for SQL
	 * (a multi-value variable: {@code 'a','b'}).
	 */
	static String expand(String query, Instant from, Instant to, Duration interval, Map<String, String> variables) {
		Matcher variable = VARIABLE.matcher(query);
		StringBuilder expanded = new StringBuilder();
		while (variable.find()) {
			String name = (variable.group(1) != null) ? variable.group(1) : variable.group(2);
			String value;
			if (name.equals("__interval")) {
				value = interval.toSeconds() + "s";
			}
			else if (name.startsWith("__")) {
				value = variable.group(); // a macro, expanded below
			}
			else if (variables.containsKey(name)) {
				value = variables.get(name);
			}
			else {
				throw new IllegalArgumentException("no value for variable $" + name + " in: " + query);
			}
			variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
		}
		variable.appendTail(expanded);
		String sql = TIME_FILTER.matcher(expanded)
			.replaceAll((filter) -> Matcher.quoteReplacement(
					filter.group(1) + " BETWEEN '" + from + "' AND '" + to + "'"));
		sql = TIME_GROUP.matcher(sql).replaceAll((group) -> {
			long seconds = Long.parseLong(group.group(3)) * switch (group.group(4)) {
				case "s" -> 1;
				case "m" -> 60;
				case "h" -> 3600;
				default -> 86400;
			};
			return Matcher.quoteReplacement("floor(extract(epoch from " + group.group(2) + ")/" + seconds + ")*"
					+ seconds + ((group.group(1) != null) ? " AS \"time\"" : ""));
		});
		if (sql.contains("$")) {
			throw new IllegalArgumentException("a macro left unexpanded in: " + sql);
		}
		return sql;
	}

}
