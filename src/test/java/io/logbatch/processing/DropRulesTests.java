package io.logbatch.processing;

import java.util.Map;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.junit.jupiter.api.Test;

import static io.logbatch.processing.Rules.event;
import static io.logbatch.processing.Rules.record;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code logbatch.process.drop.*}: which events are dropped, and how they are counted. */
class DropRulesTests {

	@Test
	void dropsEventsUnderTheLevelAndKeepsLevelsThatHaveNoRank() {
		// given
		EventRules rules = Rules.of("drop.below-level", "INFO");
		ParsedRecord record = record(event("TRACE", "a", null), event("DEBUG", "b", null), event("INFO", "c", null),
				event("WARN", "d", null), event("FATAL", "e", null), event("NOTICE", "f", null));

		// when
		ParsedRecord processed = rules.apply(record);

		// then
		assertThat(processed.events()).extracting(LogEvent::message).containsExactly("c", "d", "e", "f");
		assertThat(processed.filtered()).isEqualTo(Map.of("below-level", 2));
		assertThat(processed.source()).isSameAs(record.source());
	}

	@Test
	void readsTheLevelAsTheLevelFieldIsRead() {
		// "warning" is WARN, as in an event's level field
		EventRules rules = Rules.of("drop.below-level", "warning");

		assertThat(rules.apply(record(event("INFO", "a", null))).events()).isEmpty();
		assertThat(rules.apply(record(event("WARN", "b", null))).events()).hasSize(1);
	}

	@Test
	void handsOnARecordThatNoRuleChangesAsItCame() {
		// given
		ParsedRecord record = record(event("ERROR", "disk full", "{\"disk\":\"/dev/sda1\"}"));

		// then
		assertThat(EventRules.none().apply(record)).isSameAs(record);
		assertThat(Rules.of().apply(record)).isSameAs(record);
		assertThat(Rules.of("drop.below-level", "INFO", "drop.rules[0].message", "^GET /health").apply(record))
			.isSameAs(record);
	}

	@Test
	void dropsAnEventWhoseFieldsMatchEveryEntryOfARuleAndCountsItByRule() {
		// given an nginx access line twice, from the health checker and from a browser
		EventRules rules = Rules.of("drop.rules[0].message", "^GET /healthz? ", "drop.rules[0].user_agent",
				"kube-probe");
		LogEvent probe = event("INFO", "GET /healthz HTTP/1.1", "{\"user_agent\":\"kube-probe/1.29\"}");
		LogEvent browser = event("INFO", "GET /healthz HTTP/1.1", "{\"user_agent\":\"Mozilla/5.0\"}");

		// when
		ParsedRecord processed = rules.apply(record(probe, browser));

		// then
		assertThat(processed.events()).containsExactly(browser);
		assertThat(processed.filtered()).isEqualTo(Map.of("rules[0]", 1));
	}

	@Test
	void searchesTheValueUnlessTheExpressionIsAnchored() {
		EventRules search = Rules.of("drop.rules[0].service", "check");
		EventRules whole = Rules.of("drop.rules[0].service", "^check$");

		assertThat(search.apply(record(event("INFO", "x", null))).events()).isEmpty();
		assertThat(whole.apply(record(event("INFO", "x", null))).events()).hasSize(1);
	}

	@Test
	void findsAnAttributePathFlatOrNestedAndMatchesOtherValuesOnTheirJsonText() {
		// given the status of an ECS event, nested, and of a flat OpenTelemetry attribute
		EventRules rules = Rules.of("drop.rules[0].http.response.status_code", "^5\\d\\d$");
		LogEvent nested = event("ERROR", "a", "{\"http\":{\"response\":{\"status_code\":503}}}");
		LogEvent flat = event("ERROR", "b", "{\"http.response.status_code\":\"502\"}");
		LogEvent mixed = event("ERROR", "c", "{\"http\":{\"response.status_code\":500}}");
		LogEvent ok = event("INFO", "d", "{\"http\":{\"response\":{\"status_code\":200}}}");
		LogEvent none = event("INFO", "e", null);

		// when
		ParsedRecord processed = rules.apply(record(nested, flat, mixed, ok, none));

		// then
		assertThat(processed.events()).containsExactly(ok, none);
		assertThat(processed.filtered()).isEqualTo(Map.of("rules[0]", 3));
	}

	@Test
	void neverMatchesAFieldTheEventLacks() {
		// an expression that matches anything still needs the value to be there
		EventRules rules = Rules.of("drop.rules[0].trace_id", ".*", "drop.rules[1].tenant", "");

		assertThat(rules.apply(record(event("INFO", "no trace", "{\"user\":\"u-1\"}"))).events()).hasSize(1);
	}

	@Test
	void namesTheColumnsOfTheStoreAndTakesAnyOtherNameForAnAttribute() {
		// given
		EventRules rules = Rules.of("drop.rules[0].host", "^web-2$", "drop.rules[1].level", "^DEBUG$",
				"drop.rules[2].event_id", "^e-9$", "drop.rules[3].hostname", "web-1");

		// then a column is matched by its name, and "hostname" is an attribute the events lack
		assertThat(rules.apply(record(event("DEBUG", "a", null))).filtered()).isEqualTo(Map.of("rules[1]", 1));
		assertThat(rules.apply(record(event("e-9", "INFO", "billing", "a", null))).filtered())
			.isEqualTo(Map.of("rules[2]", 1));
		assertThat(rules.apply(record(event("INFO", "a", null))).events()).hasSize(1);
	}

	@Test
	void countsAnEventDroppedBySeveralRulesUnderTheFirst() {
		// given
		EventRules rules = Rules.of("drop.below-level", "INFO", "drop.rules[0].message", "x", "drop.rules[1].level",
				"DEBUG");

		// when
		ParsedRecord processed = rules.apply(record(event("DEBUG", "x", null), event("INFO", "x", null),
				event("INFO", "y", null)));

		// then
		assertThat(processed.events()).extracting(LogEvent::message).containsExactly("y");
		assertThat(processed.filtered()).isEqualTo(Map.of("below-level", 1, "rules[0]", 1));
	}

	@Test
	void matchesOnValuesBeforeTheyAreRedacted() {
		// drop comes first: a rule on an email address still sees it
		EventRules rules = Rules.of("drop.rules[0].message", "@example\\.com", "redact.patterns[0]", "email");

		assertThat(rules.apply(record(event("INFO", "mail to root@example.com", null))).events()).isEmpty();
	}

}
