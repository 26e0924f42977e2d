package io.logbatch.metrics;

import java.util.Set;

import io.logbatch.metrics.PromQl.Selector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link PromQl} finds the metrics an expression queries, and nothing else, as MonitoringExamplesIT needs. */
class PromQlTests {

	@Test
	void findsTheMetricsInsideFunctionsAggregationsAndBinaryOperations() {
		assertThat(PromQl.metricNames("""
				sum by (instance) (rate(spring_batch_job_seconds_sum{instance=~"$instance"}[$__rate_interval]))
				/ sum without (status) (rate(spring_batch_job_seconds_count[5m:30s] offset 1h))
				""")).containsExactly("spring_batch_job_seconds_sum", "spring_batch_job_seconds_count");
		assertThat(PromQl.metricNames("(time() - process_start_time_seconds{job=\"logbatch\"}) > 20 * 60 unless on "
				+ "(instance) (up == bool 1 or absent(nothing_here))"))
			.containsExactly("process_start_time_seconds", "up", "nothing_here");
		assertThat(PromQl.metricNames("a_total / ignoring(reason) group_left(topic) b and c offset -5m < Inf"))
			.containsExactly("a_total", "b", "c");
		assertThat(PromQl.metricNames("x > 0 or (y unless(z)) and(w)")).containsExactly("x", "y", "z", "w");
	}

	@Test
	void findsAMetricWrittenWithoutParenthesesOrBraces() {
		assertThat(PromQl.metricNames("logbatch_consumer_lag")).containsExactly("logbatch_consumer_lag");
		assertThat(PromQl.metricNames("sum(logbatch_consumer_lag)")).containsExactly("logbatch_consumer_lag");
		assertThat(PromQl.metricNames("logbatch_records_totl > 0")).containsExactly("logbatch_records_totl");
	}

	@Test
	void namesTheLabelsOfEachSelectorsMatchers() {
		assertThat(PromQl.selectors("increase(logbatch_records_total{group=~\"$group\", outcome!=\"wr,it}ten\", "
				+ "reason=~'a\\'b'}[10m]) + {__name__=\"up\", job=\"x\"}"))
			.containsExactly(new Selector("logbatch_records_total", Set.of("group", "outcome", "reason")),
					new Selector("up", Set.of("job")));
	}

	@Test
	void skipsStringsNumbersDurationsAndGrafanaVariables() {
		assertThat(PromQl.metricNames("label_replace(topk(5, x{a=\"1\"}), \"dst\", \"$1\", \"src\", \"(y|z)\") "
				+ "* 1e-3 + 0x1f - 2.5 > ${threshold:raw} and quantile_over_time(0.9, w[1h30m])"))
			.containsExactly("x", "w");
		assertThat(PromQl.metricNames("# a comment naming not_a_metric\nv")).containsExactly("v");
	}

	@Test
	void refusesANameBeforeParenthesesThatIsNoFunction() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.metricNames("sum(rated(x[5m]))"))
			.withMessageContaining("'rated(' is no PromQL function");
	}

}
