package io.logbatch.processing;

import java.util.HashMap;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code logbatch.process.*} binds from each source Spring Boot reads (YAML, {@code --key=value} arguments,
 * environment variables), and a bad value failing binding with one line that names its key.
 */
class ProcessSettingsTests {

	@Test
	void bindsEveryRuleFromYaml() throws Exception {
		// given
		String yaml = """
				logbatch:
				  process:
				    drop:
				      below-level: debug
				      rules:
				        - message: '^GET /healthz? '
				          user_agent: kube-probe
				        - http.status: '^5\\d\\d$'
				    redact:
				      fields: [password, Authorization]
				      patterns: [email, {api-key: "sk-[a-z0-9]{20,}"}, jwt]
				    add-fields:
				      env: prod
				      deployment.environment: prod
				""";

		// when
		ProcessSettings settings = bind(new YamlPropertySourceLoader()
			.load("application.yml", new ByteArrayResource(yaml.getBytes())).get(0));

		// then
		assertThat(settings.drop().belowLevel()).isEqualTo("DEBUG");
		assertThat(settings.drop().rules()).containsExactly(
				Map.of("message", "^GET /healthz? ", "user_agent", "kube-probe"), Map.of("http.status", "^5\\d\\d$"));
		assertThat(settings.redact().fields()).containsExactly("password", "Authorization");
		assertThat(settings.redact().patterns()).extracting(Map::entrySet)
			.map(Object::toString)
			.containsExactly("[email=null]", "[api-key=sk-[a-z0-9]{20,}]", "[jwt=null]");
		assertThat(settings.addFields()).containsExactly(Map.entry("env", "prod"),
				Map.entry("deployment.environment", "prod"));
	}

	@Test
	void bindsFromCommandLineArguments() {
		// when
		ProcessSettings settings = bind(new SimpleCommandLinePropertySource(
				"--logbatch.process.redact.patterns[0]=email", "--logbatch.process.redact.patterns[1].api-key=sk-[a-z0-9]{20,}",
				"--logbatch.process.drop.rules[0].http.status=^5", "--logbatch.process.add-fields.env=prod"));

		// then
		assertThat(settings.redact().patterns()).extracting(Map::entrySet)
			.map(Object::toString)
			.containsExactly("[email=null]", "[api-key=sk-[a-z0-9]{20,}]");
		assertThat(settings.drop().rules()).containsExactly(Map.of("http.status", "^5"));
		assertThat(settings.addFields()).isEqualTo(Map.of("env", "prod"));
	}

	@Test
	void bindsACommaSeparatedListOfBuiltInPatterns() {
		assertThat(bind(new SimpleCommandLinePropertySource("--logbatch.process.redact.patterns=email,jwt")).redact()
			.patterns()).extracting(Map::entrySet).map(Object::toString).containsExactly("[email=null]", "[jwt=null]");
	}

	@Test
	void bindsFromEnvironmentVariablesWithTheirNamesLowerCasedAndUnderscoresAsDots() {
		// given variables as a container or a systemd unit sets them
		PropertySource<?> environment = new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("LOGBATCH_PROCESS_DROP_BELOWLEVEL", "WARN", "LOGBATCH_PROCESS_DROP_RULES_0_HTTP_STATUS", "^5",
						"LOGBATCH_PROCESS_REDACT_FIELDS", "password,token", "LOGBATCH_PROCESS_REDACT_PATTERNS_0",
						"email", "LOGBATCH_PROCESS_REDACT_PATTERNS_1_APIKEY", "sk-[a-z0-9]{20,}",
						"LOGBATCH_PROCESS_ADDFIELDS_DEPLOYMENT_ENVIRONMENT", "prod"));

		// when
		ProcessSettings settings = bind(environment);

		// then
		assertThat(settings.drop().belowLevel()).isEqualTo("WARN");
		assertThat(settings.drop().rules()).containsExactly(Map.of("http.status", "^5"));
		assertThat(settings.redact().fields()).containsExactly("password", "token");
		assertThat(settings.redact().patterns()).extracting(Map::entrySet)
			.map(Object::toString)
			.containsExactly("[email=null]", "[apikey=sk-[a-z0-9]{20,}]");
		assertThat(settings.addFields()).isEqualTo(Map.of("deployment.environment", "prod"));
	}

	@Test
	void bindsNamesThatEnvironmentVariablesCannotSpellFromSpringApplicationJson() {
		// given SPRING_APPLICATION_JSON, as Spring Boot reads it
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("systemEnvironment", Map.of(
				"SPRING_APPLICATION_JSON", """
						{"logbatch":{"process":{"drop":{"rules":[{"trace_id":"^0+$"}]},
						"redact":{"patterns":["email",{"api-key":"sk-[a-z0-9]{20,}"}]}}}}""")));
		new SpringApplicationJsonEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		// when
		ProcessSettings settings = Binder.get(environment).bindOrCreate("logbatch", LogbatchProperties.class).process();

		// then
		assertThat(settings.drop().rules()).containsExactly(Map.of("trace_id", "^0+$"));
		assertThat(settings.redact().patterns()).extracting(Map::entrySet)
			.map(Object::toString)
			.containsExactly("[email=null]", "[api-key=sk-[a-z0-9]{20,}]");
	}

	@Test
	void hasNoRuleWhenNothingIsSet() {
		assertThat(bind(new SimpleCommandLinePropertySource()).isEmpty()).isTrue();
		assertThat(EventRules.of(bind(new SimpleCommandLinePropertySource()))).isSameAs(EventRules.none());
	}

	@Test
	void rejectsAnUnknownLevelNamingTheKey() {
		assertRejected(Map.of("logbatch.process.drop.below-level", "NOTICE"), "logbatch.process.drop.below-level "
				+ "must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL (or a name the level field accepts, such as "
				+ "warning), was 'NOTICE'");
	}

	@Test
	void rejectsARuleExpressionThatDoesNotCompileNamingTheKey() {
		assertRejected(Map.of("logbatch.process.drop.rules[0].message", "^GET", "logbatch.process.drop.rules[1].message",
				"(unclosed"), "logbatch.process.drop.rules[1].message must be a Java regular expression: "
						+ "Unclosed group near index 9, was '(unclosed'");
		assertRejected(Map.of("logbatch.process.drop.rules[0].http.status", "5[0-9"),
				"logbatch.process.drop.rules[0].http.status must be a Java regular expression: Unclosed character class "
						+ "near index 4, was '5[0-9'");
	}

	@Test
	void rejectsAnUnknownBuiltInPatternNamingTheKey() {
		assertRejected(Map.of("logbatch.process.redact.patterns[0]", "email", "logbatch.process.redact.patterns[1]",
				"phone"), "logbatch.process.redact.patterns[1] must be one of email, credit-card, bearer-token, jwt, "
						+ "aws-access-key, ipv4, or a name: regex entry, was 'phone'");
	}

	@Test
	void rejectsACustomPatternThatDoesNotCompileOrMatchesNothingAtAllNamingTheKey() {
		assertRejected(Map.of("logbatch.process.redact.patterns[0].api-key", "sk-[a-z"),
				"logbatch.process.redact.patterns[0].api-key must be a Java regular expression: Unclosed character "
						+ "class near index 6, was 'sk-[a-z'");
		assertRejected(Map.of("logbatch.process.redact.patterns[0].digits", "\\d*"),
				"logbatch.process.redact.patterns[0].digits must not match the empty text, was '\\d*'");
	}

	@Test
	void rejectsABlankAttributeName() {
		assertRejected(Map.of("logbatch.process.redact.fields", "password, "),
				"logbatch.process.redact.fields[1] must not be blank");
	}

	private static ProcessSettings bind(PropertySource<?> source) {
		return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("logbatch", LogbatchProperties.class)
			.process();
	}

	private static void assertRejected(Map<String, String> settings, String message) {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(new MapPropertySource("test", new HashMap<>(settings))))
			.havingRootCause()
			.withMessage(message);
	}

}
