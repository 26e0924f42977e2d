package io.logbatch.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric selectors of a PromQL expression, as Prometheus's lexer sees them: each metric name with the
 * labels its matchers name. An identifier is a metric name unless it is a function or aggregation (followed by
 * {@code (}), a keyword or operator ({@code by}, {@code offset}, {@code and}, ...), a number ({@code Inf},
 * {@code NaN}), or inside a label list ({@code by (...)}), a range ({@code [5m]}), a string, or a Grafana
 * variable ({@code $group}, {@code ${group}}). A name followed by {@code (} that is no PromQL function is
 * refused, as Prometheus refuses it, rather than taken for a metric.
 */
final class PromQl {

	/** PromQL's functions and aggregation operators (Prometheus 3), and the {@code @} modifier's start() and end(). */
	private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
			"asinh", "atan", "atanh", "avg", "avg_over_time", "bottomk", "ceil", "changes", "clamp", "clamp_max",
			"clamp_min", "cos", "cosh", "count", "count_over_time", "count_values", "day_of_month", "day_of_week",
			"day_of_year", "days_in_month", "deg", "delta", "deriv", "double_exponential_smoothing", "end", "exp",
			"floor", "group", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
			"histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour", "idelta", "increase",
			"info", "irate", "label_join", "label_replace", "last_over_time", "limit_ratio", "limitk", "ln", "log10",
			"log2", "mad_over_time", "max", "max_over_time", "min", "min_over_time", "minute", "month", "pi",
			"predict_linear", "present_over_time", "quantile", "quantile_over_time", "rad", "rate", "resets", "round",
			"scalar", "sgn", "sin", "sinh", "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt",
			"start", "stddev", "stddev_over_time", "stdvar", "stdvar_over_time", "sum", "sum_over_time", "tan", "tanh",
			"time", "timestamp", "topk", "vector", "year");

	/** Keywords followed by a list of label names in parentheses. */
	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	/** Binary operators and modifiers spelled as words, and the number literals that are words. */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2",
			"group_left", "group_right", "inf", "nan");

	/** {@code by (} or {@code without (} after an aggregation's name. */
	private static final Pattern AGGREGATION_CLAUSE = Pattern.compile("\\s*(?:by|without)\\s*\\(",
			Pattern.CASE_INSENSITIVE);

	private final String text;

	private int position;

	private final List<Selector> selectors = new ArrayList<>();

	private PromQl(String text) {
		this.text = text;
	}

	/** The selectors of an expression, in their order; a name selected twice appears twice. */
	static List<Selector> selectors(String expression) {
		PromQl parser = new PromQl(expression);
		parser.parse();
		return List.copyOf(parser.selectors);
	}

	/** The metric names that an expression selects. */
	static Set<String> metricNames(String expression) {
		Set<String> names = new LinkedHashSet<>();
		selectors(expression).forEach((selector) -> names.add(selector.metric()));
		return names;
	}

	private void parse() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (Character.isWhitespace(c)) {
				this.position++;
			}
			else if (c == '#') {
				skipLine();
			}
			else if (c == '"' || c == '\'' || c == '`') {
				readString();
			}
			else if (c == '[') {
				skipPast(']');
			}
			else if (c == '$') {
				skipVariable();
			}
			else if (c == '{') {
				// a selector without a name before its braces: {__name__="..."} or Prometheus 3's {"name"}
				Selector selector = readMatchers(null);
				if (selector.metric().isEmpty()) {
					throw refuse("a selector without a metric name");
				}
				this.selectors.add(selector);
			}
			else if (Character.isDigit(c) || (c == '.' && this.position + 1 < this.text.length()
					&& Character.isDigit(this.text.charAt(this.position + 1)))) {
				skipNumber();
			}
			else if (isNameStart(c)) {
				word(readName());
			}
			else {
				this.position++;
			}
		}
	}

	private void word(String word) {
		char next = peek();
		String lower = word.toLowerCase(Locale.ROOT);
		if (LABEL_LISTS.contains(lower) && next == '(') {
			skipPast(')');
		}
		else if (FUNCTIONS.contains(lower) && AGGREGATION_CLAUSE.matcher(this.text).region(this.position,
				this.text.length()).lookingAt()) {
			// sum by (label) (...): an aggregation whose clause comes first
		}
		else if (KEYWORDS.contains(lower)) {
			// an operator, a modifier, or Inf and NaN
		}
		else if (next == '(') {
			if (!FUNCTIONS.contains(lower)) {
				throw refuse("'" + word + "(' is no PromQL function");
			}
		}
		else if (next == '{') {
			this.selectors.add(readMatchers(word));
		}
		else {
			this.selectors.add(new Selector(word, Set.of()));
		}
	}

	/** Reads {@code {label="value", ...}} from the opening brace on. */
	private Selector readMatchers(String metric) {
		skipWhitespace();
		this.position++; // {
		String name = (metric != null) ? metric : "";
		Set<String> labels = new LinkedHashSet<>();
		while (true) {
			char c = peek();
			if (c == '}') {
				this.position++;
				return new Selector(name, labels);
			}
			if (c == ',') {
				this.position++;
				continue;
			}
			String label;
			if (c == '"' || c == '\'' || c == '`') {
				label = readString();
			}
			else if (isNameStart(c)) {
				label = readName();
			}
			else {
				throw refuse("a label matcher at '" + c + "'");
			}
			skipWhitespace();
			if (this.text.startsWith("=~", this.position) || this.text.startsWith("!~", this.position)
					|| this.text.startsWith("!=", this.position)) {
				this.position += 2;
			}
			else if (peek() == '=') {
				this.position++;
			}
			else {
				// Prometheus 3: a quoted name alone in the braces is the metric's
				name = label;
				continue;
			}
			skipWhitespace();
			String value = readString();
			if (label.equals("__name__")) {
				name = value;
			}
			else {
				labels.add(label);
			}
		}
	}

	private String readName() {
		int start = this.position;
		while (this.position < this.text.length() && isNamePart(this.text.charAt(this.position))) {
			this.position++;
		}
		return this.text.substring(start, this.position);
	}

	private String readString() {
		skipWhitespace();
		char quote = this.text.charAt(this.position);
		if (quote != '"' && quote != '\'' && quote != '`') {
			throw refuse("a string");
		}
		StringBuilder value = new StringBuilder();
		this.position++;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == quote) {
				return value.toString();
			}
			if (c == '\\' && quote != '`' && this.position < this.text.length()) {
				c = this.text.charAt(this.position++);
			}
			value.append(c);
		}
		throw refuse("an unterminated string");
	}

	/** {@code $name}, {@code ${name}} or {@code ${name:format}}: Grafana's, not PromQL's. */
	private void skipVariable() {
		this.position++;
		if (this.position < this.text.length() && this.text.charAt(this.position) == '{') {
			skipPast('}');
		}
		else {
			readName();
		}
	}

	/** A number ({@code 0.5}, {@code 1e-3}, {@code 0x1f}) or a duration ({@code 5m}, {@code 1h30m}). */
	private void skipNumber() {
		int start = this.position;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			boolean exponentSign = (c == '+' || c == '-') && this.position > start
					&& "eE".indexOf(this.text.charAt(this.position - 1)) >= 0
					&& this.text.substring(start, this.position).matches("[0-9.]+[eE]");
			if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign)) {
				return;
			}
			this.position++;
		}
	}

	private void skipPast(char closing) {
		int end = this.text.indexOf(closing, this.position);
		if (end < 0) {
			throw refuse("no '" + closing + "'");
		}
		this.position = end + 1;
	}

	private void skipLine() {
		int end = this.text.indexOf('\n', this.position);
		this.position = (end < 0) ? this.text.length() : end + 1;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	/** The next character that is not white space, without moving past it; a space at the end. */
	private char peek() {
		skipWhitespace();
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : ' ';
	}

	private IllegalArgumentException refuse(String what) {
		return new IllegalArgumentException(
				"PromQL: " + what + " at offset " + this.position + " of: " + this.text);
	}

	private static boolean isNameStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
	}

	private static boolean isNamePart(char c) {
		return isNameStart(c) || (c >= '0' && c <= '9');
	}

	/** A metric name and the labels that its matchers name. */
	record Selector(String metric, Set<String> labels) {
	}

}
