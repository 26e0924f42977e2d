package io.logbatch.processing;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The patterns {@code redact.patterns} knows by name. Each regular expression is taken from a tool that
 * people rely on to find such secrets, and adjusted where noted; every one is compiled once.
 */
enum BuiltInPattern {

	/**
	 * detect-secrets' {@code EmailAddressDetector} (Yelp/detect-secrets,
	 * {@code detect_secrets/plugins/email_address.py}), with top-level domains of any length rather than 2
	 * to 4 letters, so that {@code .company} or {@code .technology} addresses are found too.
	 */
	EMAIL("email", "\\b[\\w+-]+(?:\\.[\\w+-]+)*@[\\w+-]+(?:\\.[\\w+-]+)*\\.[a-zA-Z]{2,}\\b", 0,
			(text) -> text.indexOf('@') >= 0, null),

	/**
	 * Presidio's {@code CreditCardRecognizer} (microsoft/presidio,
	 * {@code presidio_analyzer/predefined_recognizers/generic/credit_card_recognizer.py}): 13 to 19 digits
	 * in groups with optional spaces or dashes, not 13 digits starting with 1 (epoch milliseconds), and,
	 * as there, only numbers that pass the Luhn check.
	 */
	CREDIT_CARD("credit-card", "\\b(?!1\\d{12}(?!\\d))(?:4\\d{3}|5[0-5]\\d{2}|6\\d{3}|1\\d{3}|3\\d{3})"
			+ "[- ]?\\d{3,4}[- ]?\\d{3,4}[- ]?\\d{3,5}\\b", 0, (text) -> Texts.hasDigitRun(text, 13),
			BuiltInPattern::passesLuhn),

	/**
	 * The credentials of RFC 6750 section 2.1, {@code "Bearer" 1*SP b64token} with {@code b64token = 1*(
	 * ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}, the scheme case-insensitive as HTTP's are.
	 * Only the token is replaced, so the text still says that a bearer token was there.
	 */
	BEARER_TOKEN("bearer-token", "(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]+=*)", 1,
			(text) -> Texts.containsIgnoreCase(text, "bearer"), null),

	/**
	 * detect-secrets' {@code JwtTokenDetector} (Yelp/detect-secrets, {@code detect_secrets/plugins/jwt.py}):
	 * a base64url JSON header ({@code eyJ} is {@code {"}) and two more parts, with the signature matched in
	 * full (there it is matched lazily, which leaves it out of the match) and required to be preceded by
	 * its dot.
	 */
	JWT("jwt", "eyJ[A-Za-z0-9_=-]+\\.[A-Za-z0-9_=-]+\\.[A-Za-z0-9_=+/-]*", 0, (text) -> text.contains("eyJ"), null),

	/**
	 * gitleaks' {@code aws-access-token} rule (gitleaks/gitleaks, {@code cmd/generate/config/rules/aws.go}):
	 * the access key id prefixes {@code AKIA}, {@code ASIA}, {@code ABIA}, {@code ACCA} and {@code A3T}
	 * followed by 16 upper-case letters or digits.
	 */
	AWS_ACCESS_KEY("aws-access-key", "\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b", 0,
			(text) -> Texts.containsAny(text, "AKIA", "ASIA", "ABIA", "ACCA", "A3T"), null),

	/**
	 * The octets of detect-secrets' {@code IPPublicDetector} (Yelp/detect-secrets,
	 * {@code detect_secrets/plugins/ip_public.py}), 0 to 255 without leading zeros and not part of a longer
	 * dotted number, but every address (private ones too, which name a person's machine as well) and a
	 * sentence's full stop allowed after it.
	 */
	IPV4("ipv4", "(?<![\\w.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\\.){3}"
			+ "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])(?!\\.?\\w)", 0,
			(text) -> Texts.hasDigitDots(text, 3), null);

	private final String configName;

	private final Pattern pattern;

	private final int group;

	private final Predicate<String> mayMatch;

	private final @Nullable Predicate<String> accept;

	/**
	 * @param group the group that holds the secret, 0 for the whole match
	 * @param mayMatch what a text holding a match must contain (see {@link Texts}), tested first: most texts
	 * have none, and the test is far cheaper than a regex scan or a JSON parse
	 * @param accept a check a match must also pass; null for none
	 */
	BuiltInPattern(String configName, String regex, int group, Predicate<String> mayMatch,
			@Nullable Predicate<String> accept) {
		this.configName = configName;
		this.pattern = Pattern.compile(regex);
		this.group = group;
		this.mayMatch = mayMatch;
		this.accept = accept;
	}

	/** The pattern that replaces this one's matches by {@code [REDACTED:<name>]}. */
	RedactPattern redactPattern() {
		return new RedactPattern(this.configName, this.pattern, this.group, this.mayMatch, this.accept);
	}

	/** The built-in pattern of a configured name, case-insensitively, or null. */
	static @Nullable BuiltInPattern named(String name) {
		String lower = name.strip().toLowerCase(Locale.ROOT);
		for (BuiltInPattern pattern : values()) {
			if (pattern.configName.equals(lower)) {
				return pattern;
			}
		}
		return null;
	}

	/** The configured names, for error messages. */
	static String names() {
		return Arrays.stream(values()).map((pattern) -> pattern.configName).collect(Collectors.joining(", "));
	}

	/** The Luhn check (ISO/IEC 7812-1) over the digits of a match, separators left out. */
	static boolean passesLuhn(String number) {
		int sum = 0;
		boolean doubled = false;
		for (int i = number.length() - 1; i >= 0; i--) {
			char c = number.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

}
