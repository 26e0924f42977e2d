package io.logbatch.processing;

import io.logbatch.parsing.LogEvent;
import org.junit.jupiter.api.Test;

import static io.logbatch.processing.Rules.event;
import static io.logbatch.processing.Rules.keep;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code logbatch.process.add-fields}: attributes every event gets where it lacks them. */
class AddFieldsTests {

	@Test
	void addsTheFieldsAnEventLacksAndKeepsTheOnesItHas() {
		// given
		EventRules rules = Rules.of("add-fields.env", "prod", "add-fields.region", "eu-west-1");

		// when
		LogEvent event = keep(rules, event("INFO", "started", "{\"env\":\"staging\",\"pid\":4242}"));

		// then
		assertThat(event.attributes()).isEqualTo("{\"env\":\"staging\",\"pid\":4242,\"region\":\"eu-west-1\"}");
	}

	@Test
	void givesAnEventWithoutAttributesTheFields() {
		assertThat(keep(Rules.of("add-fields.env", "prod"), event("INFO", "started", null)).attributes())
			.isEqualTo("{\"env\":\"prod\"}");
	}

	@Test
	void findsADottedNameFlatOrNestedAndAddsItFlat() {
		// given OpenTelemetry's deployment.environment, nested in one event and absent from the other
		EventRules rules = Rules.of("add-fields.deployment.environment", "prod");

		// then
		assertThat(keep(rules, event("INFO", "a", "{\"deployment\":{\"environment\":\"canary\"}}")).attributes())
			.isEqualTo("{\"deployment\":{\"environment\":\"canary\"}}");
		assertThat(keep(rules, event("INFO", "b", "{\"deployment\":{\"id\":7}}")).attributes())
			.isEqualTo("{\"deployment\":{\"id\":7},\"deployment.environment\":\"prod\"}");
	}

	@Test
	void addsFieldsAfterRedactingSoThatTheirValuesStayAsConfigured() {
		// given a field whose value a pattern would redact
		EventRules rules = Rules.of("redact.patterns[0]", "ipv4", "add-fields.collector", "10.0.0.1");

		// then
		assertThat(keep(rules, event("INFO", "from 10.0.0.2", null)).attributes())
			.isEqualTo("{\"collector\":\"10.0.0.1\"}");
	}

	@Test
	void addsFieldsAfterTheAttributesWhetherOrNotARuleRewroteThem() {
		// given one event whose attributes a drop rule reads, and one whose password is redacted
		EventRules rules = Rules.of("drop.rules[0].http.status", "^5", "redact.fields[0]", "password",
				"add-fields.env", "prod");

		// then
		assertThat(keep(rules, event("INFO", "a", "{\"http\":{\"status\":200},\"n\":1e10}")).attributes())
			.isEqualTo("{\"http\":{\"status\":200},\"n\":1e10,\"env\":\"prod\"}");
		assertThat(keep(rules, event("INFO", "b", "{\"password\":\"hunter2\",\"http\":{\"status\":200}}")).attributes())
			.isEqualTo("{\"password\":\"[REDACTED]\",\"http\":{\"status\":200},\"env\":\"prod\"}");
	}

}
