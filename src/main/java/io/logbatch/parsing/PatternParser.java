package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.logbatch.parsing.FormatSettings.SettingException;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonToken;

/**
 * Reads a line by a configured {@code pattern}, a Java regular expression with named groups
 * ({@code (?<name>...)}; Java allows letters and digits in a group name, no dots or underscores). The
 * whole line must match ({@link Matcher#matches()}), so a pattern cannot silently take half a line; the
 * pattern is compiled with {@link Pattern#DOTALL}, so {@code (?<message>.*)} also takes the lines a
 * stack trace adds to a Log4j or Logback event ({@code (?-s)} in the pattern turns that off).
 * <p>
 * Groups {@code timestamp}, {@code level}, {@code host}, {@code service}, {@code message},
 * {@code traceId}, {@code eventId} and {@code publishedAt} fill those event fields; every other group is a
 * string attribute of its name. A group that took part in no match, or matched nothing, is absent: Log4j's
 * {@code %X{traceId}} writes nothing when the key is not set. {@code message} is required.
 * {@code timestamp} and {@code publishedAt} are read by {@code timestamp-format} ({@link TimestampPattern})
 * in {@code zone} (default UTC, and only beside {@code timestamp-format}), or without it as JSON's
 * timestamps are (ISO-8601 with offset, or an epoch number); one that cannot be read is
 * {@code bad-timestamp}. A line that does not match is
 * {@code no-match}. Immutable and thread-safe.
 */
final class PatternParser implements LineFormat {

	private static final Set<String> FIELDS = Set.of("timestamp", "level", "host", "service", "message", "traceId",
			"eventId", "publishedAt");

	/** Candidates for group names: whatever looks like one, checked against the compiled pattern. */
	private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

	private final Pattern pattern;

	/** The named groups, in the order the pattern opens them. */
	private final String[] groups;

	private final @Nullable TimestampPattern timestamps;

	private PatternParser(Pattern pattern, String[] groups, @Nullable TimestampPattern timestamps) {
		this.pattern = pattern;
		this.groups = groups;
		this.timestamps = timestamps;
	}

	/**
	 * Compiles the settings' {@code pattern}, {@code timestamp-format} and {@code zone}.
	 * @throws SettingException naming the first key that is missing or does not compile
	 */
	static PatternParser of(FormatSettings settings) {
		String regex = settings.pattern();
		if (regex == null) {
			throw new SettingException(FormatSettings.PATTERN,
					"must be set: a Java regular expression with named groups, (?<message>...) at least");
		}
		Pattern pattern;
		try {
			pattern = Pattern.compile(regex, Pattern.DOTALL);
		}
		catch (PatternSyntaxException ex) {
			throw new SettingException(FormatSettings.PATTERN, "is not a Java regular expression: "
					+ ex.getDescription() + " near index " + ex.getIndex() + " of '" + regex + "'");
		}
		List<String> groups = groupNames(regex);
		if (!groups.contains("message")) {
			throw new SettingException(FormatSettings.PATTERN, "has no group named message, (?<message>...): '" + regex
					+ "'");
		}
		ZoneId zone = ZoneOffset.UTC;
		if (settings.zone() != null && settings.timestampFormat() == null) {
			throw new SettingException(FormatSettings.ZONE, "applies with timestamp-format only: without it a "
					+ "timestamp is ISO-8601 with its offset, or an epoch number");
		}
		if (settings.zone() != null) {
			try {
				zone = ZoneId.of(settings.zone().strip());
			}
			catch (DateTimeException ex) {
				throw new SettingException(FormatSettings.ZONE,
						"must be a time zone such as UTC, Europe/Berlin or +02:00, was '" + settings.zone() + "'");
			}
		}
		TimestampPattern timestamps = null;
		if (settings.timestampFormat() != null) {
			if (!groups.contains("timestamp") && !groups.contains("publishedAt")) {
				throw new SettingException(FormatSettings.TIMESTAMP_FORMAT,
						"is set but the pattern has no group named timestamp or publishedAt");
			}
			try {
				timestamps = TimestampPattern.of(settings.timestampFormat(), zone);
			}
			catch (IllegalArgumentException ex) {
				throw new SettingException(FormatSettings.TIMESTAMP_FORMAT, "is not a java.time pattern: "
						+ ex.getMessage() + ", was '" + settings.timestampFormat() + "'");
			}
		}
		return new PatternParser(pattern, groups.toArray(String[]::new), timestamps);
	}

	@Override
	public String name() {
		return "pattern";
	}

	@Override
	public ParsedLine read(String line, Instant reference) {
		Matcher match = this.pattern.matcher(line);
		if (!match.matches()) {
			throw new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH,
					"not pattern: the line does not match " + this.pattern.pattern());
		}
		Instant occurredAt = null;
		Instant publishedAt = null;
		String level = null;
		String host = null;
		String service = null;
		String message = null;
		String traceId = null;
		String eventId = null;
		JsonFields attributes = new JsonFields();
		for (String group : this.groups) {
			String value = match.group(group);
			if (value == null || value.isEmpty()) {
				continue;
			}
			switch (group) {
				case "timestamp" -> occurredAt = timestamp(group, value, reference);
				case "publishedAt" -> publishedAt = timestamp(group, value, reference);
				case "level" -> level = value;
				case "host" -> host = value;
				case "service" -> service = value;
				case "message" -> message = value;
				case "traceId" -> traceId = value;
				case "eventId" -> eventId = value;
				default -> attributes.put(group, new Scalar(JsonToken.VALUE_STRING, value));
			}
		}
		return new ParsedLine(occurredAt, level, service, host, message, traceId, eventId, publishedAt, attributes);
	}

	private Instant timestamp(String group, String value, Instant reference) {
		if (this.timestamps == null) {
			return Timestamps.parse(new RecordFields.Field(group, new Scalar(JsonToken.VALUE_STRING, value)));
		}
		Instant instant = this.timestamps.parse(value, reference);
		if (instant == null || instant.isBefore(Timestamps.MIN) || instant.isAfter(Timestamps.MAX)) {
			throw new InvalidRecordException(InvalidRecordException.Reason.BAD_TIMESTAMP, "group '" + group + "' is '"
					+ value + "', not a time of timestamp-format '" + this.timestamps.pattern() + "' in years 0001-9999");
		}
		return instant;
	}

	/**
	 * The named groups of a compiled pattern, in order. Java 17 has no API for them: every text that looks
	 * like an opening {@code (?<name>} is a candidate, and a candidate is a group exactly when adding another
	 * group of that name fails as a duplicate. This also rejects look-alikes inside {@code \Q...\E}, character
	 * classes and comments.
	 */
	private static List<String> groupNames(String regex) {
		String closeQuote = endsInQuote(regex) ? "\\E" : "";
		Set<String> candidates = new LinkedHashSet<>();
		Matcher candidate = GROUP_NAME.matcher(regex);
		while (candidate.find()) {
			candidates.add(candidate.group(1));
		}
		List<String> groups = new ArrayList<>(candidates.size());
		for (String name : candidates) {
			try {
				// a line break ends a (?x) comment that the pattern may end with
				Pattern.compile(regex + closeQuote + "\n|(?<" + name + ">)");
			}
			catch (PatternSyntaxException ex) {
				if (ex.getDescription().contains("already defined")) {
					groups.add(name);
				}
			}
		}
		return groups;
	}

	/** Whether the pattern ends inside {@code \Q}: only then is a {@code \E} after it no syntax error. */
	private static boolean endsInQuote(String regex) {
		try {
			Pattern.compile(regex + "\\E");
			return true;
		}
		catch (PatternSyntaxException ex) {
			return false;
		}
	}

}
