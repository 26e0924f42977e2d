package io.logbatch.processing;

import io.logbatch.parsing.LogEvent;
import org.junit.jupiter.api.Test;

import static io.logbatch.processing.Rules.event;
import static io.logbatch.processing.Rules.keep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logbatch.process.redact.*}: attribute names at any depth, and the built-in and custom patterns in
 * the message and every string attribute. The secrets are those that their issuers publish as examples.
 */
class RedactionTests {

	/** The example JWT of RFC 7519, section 3.1. */
	private static final String RFC_7519_JWT = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
			+ ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
			+ ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	@Test
	void replacesTheValuesOfNamedAttributesAtAnyDepthWhateverTheirCase() {
		// given an HTTP request logged with its headers, and a card payment in an array of objects
		EventRules rules = Rules.of("redact.fields[0]", "authorization", "redact.fields[1]", "password",
				"redact.fields[2]", "card_number");
		LogEvent event = event("INFO", "POST /login", """
				{"password":"hunter2","http":{"request":{"headers":{"Authorization":"Basic YWxhZGRpbjpvcGVuc2VzYW1l",\
				"Accept":"*/*"}}},"payments":[{"card_number":4111111111111111,"amount":12.50}],"user":"aladdin"}""");

		// when
		LogEvent redacted = keep(rules, event);

		// then
		assertThat(redacted.attributes()).isEqualTo("""
				{"password":"[REDACTED]","http":{"request":{"headers":{"Authorization":"[REDACTED]",\
				"Accept":"*/*"}}},"payments":[{"card_number":"[REDACTED]","amount":12.50}],"user":"aladdin"}""");
		assertThat(redacted.message()).isEqualTo("POST /login");
	}

	@Test
	void leavesAnEventWithoutTheNamedAttributesAsItIs() {
		LogEvent event = event("INFO", "GET /", "{\"user\":\"aladdin\",\"n\":1e10}");

		assertThat(keep(Rules.of("redact.fields[0]", "password"), event)).isSameAs(event);
	}

	@Test
	void redactsEmailAddresses() {
		// a Postfix queue manager line (zygmund.net, "Postfix Mail Log - Life of an Outgoing Email")
		assertThat(redact("email", "1DBB4A7FD: from=<stanix@example.co.uk>, size=1778, nrcpt=1 (queue active)"))
			.isEqualTo("1DBB4A7FD: from=<[REDACTED:email]>, size=1778, nrcpt=1 (queue active)");
		assertThat(redact("email", "notify ops+alerts@mail.example.technology now"))
			.isEqualTo("notify [REDACTED:email] now");
		assertThat(redact("email", "git@github.com:org/repo.git")).isEqualTo("[REDACTED:email]:org/repo.git");
		assertThat(redact("email", "see @timestamp")).isEqualTo("see @timestamp");
	}

	@Test
	void redactsCardNumbersThatPassTheLuhnCheckOnly() {
		// Stripe's and the card networks' published test numbers, with the separators people type
		assertThat(redact("credit-card", "charged card 4242 4242 4242 4242 for 12.50"))
			.isEqualTo("charged card [REDACTED:credit-card] for 12.50");
		assertThat(redact("credit-card", "pan=4242-4242-4242-4242")).isEqualTo("pan=[REDACTED:credit-card]");
		assertThat(redact("credit-card", "pan=4111111111111111;")).isEqualTo("pan=[REDACTED:credit-card];");
		assertThat(redact("credit-card", "amex 3782 822463 10005")).isEqualTo("amex [REDACTED:credit-card]");
		// one digit off fails the check, and epoch milliseconds are no card
		assertThat(redact("credit-card", "charged card 4242 4242 4242 4241"))
			.isEqualTo("charged card 4242 4242 4242 4241");
		assertThat(redact("credit-card", "at 1748743200000 ms")).isEqualTo("at 1748743200000 ms");
	}

	@Test
	void redactsCardNumbersInAttributesBesideOtherNumbers() {
		// given a card among numbers whose digits add up to more than a card has
		LogEvent event = event("INFO", "charged", """
				{"order":20250601,"amount":1250,"card":{"number":"4242 4242 4242 4242","exp":"12/34"},"cvc":"123"}""");

		// then
		assertThat(keep(Rules.of("redact.patterns[0]", "credit-card"), event).attributes()).isEqualTo("""
				{"order":20250601,"amount":1250,"card":{"number":"[REDACTED:credit-card]","exp":"12/34"},"cvc":"123"}""");
	}

	@Test
	void redactsBearerTokensKeepingTheScheme() {
		// RFC 6750, section 2.1, and the access token of RFC 6749, section 5.1
		assertThat(redact("bearer-token", "Authorization: Bearer mF_9.B5f-4.1JqM"))
			.isEqualTo("Authorization: Bearer [REDACTED:bearer-token]");
		assertThat(redact("bearer-token", "authorization=bearer 2YotnFZFEjr1zCsicMWpAA, status=401"))
			.isEqualTo("authorization=bearer [REDACTED:bearer-token], status=401");
	}

	@Test
	void redactsJsonWebTokens() {
		assertThat(redact("jwt", "token=" + RFC_7519_JWT + " expired")).isEqualTo("token=[REDACTED:jwt] expired");
		assertThat(redact("jwt", "id_token: " + RFC_7519_JWT)).isEqualTo("id_token: [REDACTED:jwt]");
	}

	@Test
	void redactsAwsAccessKeyIds() {
		// the example key of the AWS CLI's "aws configure" documentation
		assertThat(redact("aws-access-key", "AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE"))
			.isEqualTo("AWS Access Key ID [None]: [REDACTED:aws-access-key]");
		assertThat(redact("aws-access-key", "AKIAIOSFODNN7EXAMPLEX")).isEqualTo("AKIAIOSFODNN7EXAMPLEX");
	}

	@Test
	void redactsIpv4AddressesButNotLongerDottedNumbers() {
		// an OpenSSH sshd line, and the documentation range of RFC 5737
		assertThat(redact("ipv4", "Accepted password for rromero from 192.168.1.133 port 49765 ssh2"))
			.isEqualTo("Accepted password for rromero from [REDACTED:ipv4] port 49765 ssh2");
		assertThat(redact("ipv4", "connect to 203.0.113.5:443 failed. Retry from 198.51.100.7."))
			.isEqualTo("connect to [REDACTED:ipv4]:443 failed. Retry from [REDACTED:ipv4].");
		assertThat(redact("ipv4", "upgraded to 1.2.3.4.5, not 10.0.0.256")).isEqualTo("upgraded to 1.2.3.4.5, not 10.0.0.256");
	}

	@Test
	void appliesCustomPatternsByTheirNames() {
		// given
		EventRules rules = Rules.of("redact.patterns[0]", "email", "redact.patterns[1].api-key",
				"sk-[a-z0-9]{20,}");

		// when
		LogEvent redacted = keep(rules, event("WARN", "key sk-abcdefghij0123456789xyz of ops@example.com revoked",
				null));

		// then
		assertThat(redacted.message()).isEqualTo("key [REDACTED:api-key] of [REDACTED:email] revoked");
	}

	@Test
	void redactsEveryStringAttributeInsideObjectsAndArraysButNotNamesOrOtherValues() {
		// given
		EventRules rules = Rules.of("redact.patterns[0]", "ipv4", "redact.patterns[1]", "email");
		LogEvent event = event("INFO", "login from 192.168.1.133", """
				{"client":{"ip":"192.168.1.133","forwarded":["10.0.0.7","203.0.113.9"]},\
				"user.email":"aladdin@example.com","192.168.1.133":true,"port":49765}""");

		// when
		LogEvent redacted = keep(rules, event);

		// then
		assertThat(redacted.message()).isEqualTo("login from [REDACTED:ipv4]");
		assertThat(redacted.attributes()).isEqualTo("""
				{"client":{"ip":"[REDACTED:ipv4]","forwarded":["[REDACTED:ipv4]","[REDACTED:ipv4]"]},\
				"user.email":"[REDACTED:email]","192.168.1.133":true,"port":49765}""");
	}

	@Test
	void appliesThePatternsInTheirOrder() {
		// the bearer token comes first and takes the JWT with it
		String text = "Authorization: Bearer " + RFC_7519_JWT;

		assertThat(keep(Rules.of("redact.patterns", "bearer-token,jwt"), event("INFO", text, null)).message())
			.isEqualTo("Authorization: Bearer [REDACTED:bearer-token]");
		assertThat(keep(Rules.of("redact.patterns", "jwt,bearer-token"), event("INFO", text, null)).message())
			.isEqualTo("Authorization: Bearer [REDACTED:jwt]");
	}

	@Test
	void keepsTheDigitsOfNumbersThatNoRuleTouched() {
		// given decimals and big integers beside a redacted value
		LogEvent event = event("INFO", "x", "{\"password\":\"p\",\"price\":12.50,\"big\":123456789012345678901234567890,"
				+ "\"pi\":3.14159265358979323846264338327950288}");

		// then
		assertThat(keep(Rules.of("redact.fields[0]", "password"), event).attributes())
			.isEqualTo("{\"password\":\"[REDACTED]\",\"price\":12.50,\"big\":123456789012345678901234567890,"
					+ "\"pi\":3.14159265358979323846264338327950288}");
	}

	private static String redact(String builtIn, String message) {
		return keep(Rules.of("redact.patterns[0]", builtIn), event("INFO", message, null)).message();
	}

}
