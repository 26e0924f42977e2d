package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonToken;

/**
 * Parses a syslog line, detecting per record which of the two layouts in use it has:
 * <ul>
 * <li>RFC 5424: {@code <PRI>1 TIMESTAMP HOST APP-NAME PROCID MSGID [SD] MSG}, as rsyslog forwards with
 * {@code RSYSLOG_SyslogProtocol23Format} and Cloud Foundry's loggregator drains write;</li>
 * <li>RFC 3164: {@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}, as rsyslog and journald-forwarded syslog
 * write to files and the network; rsyslog's high-precision file format, with an RFC 3339 time in place of
 * {@code Mmm dd hh:mm:ss}, is read too.</li>
 * </ul>
 * {@code <PRI>} is optional because files lack it. The event gets occurred at, host, service (the app
 * name or tag) and message; its level comes from the PRI severity (0-2 FATAL, 3 ERROR, 4 WARN, 5-6 INFO,
 * 7 DEBUG), INFO without a PRI. The attributes hold {@code facility} (its RFC 5424 keyword),
 * {@code pid}, {@code msgid} and {@code structured_data} (an object of SD-IDs, each an object of its
 * parameters). A nil value ({@code -}) is absent.
 * <p>
 * A 3164 time has no year and no zone: it is read as UTC in the year that puts it at most one day after
 * the Kafka record timestamp, so that a December line read in January lands in December of the year before
 * while a clock a little ahead of the broker's stays in this year. Syslog has no event id:
 * {@code logbatch.event-id.fallback} decides. A line of neither layout is {@code no-match}. Immutable and
 * thread-safe.
 */
final class SyslogParser implements LineFormat {

	private static final Pattern PRI = Pattern.compile("<(\\d{1,3})>");

	private static final Pattern RFC5424 = Pattern
		.compile("1 (\\S+) (\\S{1,255}) (\\S{1,48}) (\\S{1,128}) (\\S{1,32}) ((?:-|\\[).*)", Pattern.DOTALL);

	private static final Pattern RFC3164 = Pattern.compile(
			"(?:(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>[ \\d]\\d) (?<time>\\d\\d:\\d\\d:\\d\\d)"
					+ "|(?<iso>\\d{4}-\\d\\d-\\d\\dT\\S+)) (?<host>\\S+)"
					+ "(?: (?<tag>[^\\s\\[\\]:]{1,48})(?:\\[(?<pid>[^\\]\\s]*)\\])?:)?(?: (?<msg>.*)| ?)",
			Pattern.DOTALL);

	private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

	private static final String[] FACILITIES = { "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
			"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
			"local2", "local3", "local4", "local5", "local6", "local7" };

	private static final String[] LEVELS = { "FATAL", "FATAL", "FATAL", "ERROR", "WARN", "INFO", "INFO", "DEBUG" };

	private static final String NIL = "-";

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	static final SyslogParser INSTANCE = new SyslogParser();

	private SyslogParser() {
	}

	@Override
	public String name() {
		return "syslog";
	}

	@Override
	public ParsedLine read(String line, Instant recordTime) {
		return parse(line, recordTime);
	}

	/** The fields of one line; package-private for tests. */
	static ParsedLine parse(String line, Instant recordTime) {
		JsonFields attributes = new JsonFields();
		int start = 0;
		String level = null;
		Matcher pri = PRI.matcher(line);
		if (pri.lookingAt()) {
			int priority = Integer.parseInt(pri.group(1));
			if (priority > 191) {
				throw noMatch("PRI " + priority + " is over 191");
			}
			level = LEVELS[priority % 8];
			attributes.put("facility", string(FACILITIES[priority / 8]));
			start = pri.end();
		}
		String rest = line.substring(start);
		Matcher rfc5424 = RFC5424.matcher(rest);
		if (rfc5424.matches()) {
			return rfc5424(rfc5424, level, attributes);
		}
		Matcher rfc3164 = RFC3164.matcher(rest);
		if (rfc3164.matches()) {
			return rfc3164(rfc3164, level, attributes, recordTime);
		}
		throw noMatch("neither RFC 5424 nor RFC 3164 syslog");
	}

	private static ParsedLine rfc5424(Matcher header, @Nullable String level, JsonFields attributes) {
		String timestamp = header.group(1);
		Instant occurredAt = null;
		if (!NIL.equals(timestamp)) {
			occurredAt = IsoTimestamp.parse(timestamp);
			if (occurredAt == null) {
				throw noMatch("RFC 5424 timestamp '" + timestamp + "' is not RFC 3339");
			}
		}
		putUnlessNil(attributes, "pid", header.group(4));
		putUnlessNil(attributes, "msgid", header.group(5));
		String tail = header.group(6);
		int messageStart;
		if (tail.startsWith(NIL)) {
			messageStart = 1;
		}
		else {
			JsonFields structuredData = new JsonFields();
			messageStart = readStructuredData(tail, structuredData);
			attributes.put("structured_data", structuredData);
		}
		String message = null;
		if (messageStart < tail.length()) {
			if (tail.charAt(messageStart) != ' ') {
				throw noMatch("expected a space after the structured data");
			}
			message = tail.substring(messageStart + 1);
			if (!message.isEmpty() && message.charAt(0) == BYTE_ORDER_MARK) {
				message = message.substring(1);
			}
		}
		return new ParsedLine(occurredAt, level, nil(header.group(3)), nil(header.group(2)), message, null, null, null,
				attributes);
	}

	/** Reads {@code [id name="value" ...]...} and returns the index after it. */
	private static int readStructuredData(String text, JsonFields into) {
		int i = 0;
		while (i < text.length() && text.charAt(i) == '[') {
			int idStart = ++i;
			while (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != ']') {
				i++;
			}
			if (i == idStart || i == text.length()) {
				throw noMatch("malformed structured data");
			}
			JsonFields params = new JsonFields();
			into.put(text.substring(idStart, i), params);
			while (text.charAt(i) == ' ') {
				int nameStart = ++i;
				while (i < text.length() && text.charAt(i) != '=') {
					i++;
				}
				if (i + 1 >= text.length() || text.charAt(i + 1) != '"') {
					throw noMatch("malformed structured data parameter");
				}
				String name = text.substring(nameStart, i);
				StringBuilder value = new StringBuilder();
				i += 2;
				while (i < text.length() && text.charAt(i) != '"') {
					char c = text.charAt(i);
					// RFC 5424 escapes only '"', '\' and ']'; any other backslash is kept as written
					if (c == '\\' && i + 1 < text.length() && "\"\\]".indexOf(text.charAt(i + 1)) >= 0) {
						c = text.charAt(++i);
					}
					value.append(c);
					i++;
				}
				if (i + 1 >= text.length()) {
					throw noMatch("structured data parameter '" + name + "' is not closed");
				}
				params.put(name, string(value.toString()));
				i++;
			}
			if (text.charAt(i) != ']') {
				throw noMatch("malformed structured data element");
			}
			i++;
		}
		return i;
	}

	private static ParsedLine rfc3164(Matcher line, @Nullable String level, JsonFields attributes,
			Instant recordTime) {
		Instant occurredAt;
		if (line.group("iso") != null) {
			occurredAt = IsoTimestamp.parse(line.group("iso"));
			if (occurredAt == null) {
				throw noMatch("timestamp '" + line.group("iso") + "' is not RFC 3339");
			}
		}
		else {
			String date = line.group("month") + " " + line.group("day").strip() + " " + line.group("time");
			try {
				occurredAt = MissingDate.withoutYear(MONTHS.indexOf(line.group("month")) / 3 + 1,
						Integer.parseInt(line.group("day").strip()), LocalTime.parse(line.group("time")), ZoneOffset.UTC,
						recordTime);
			}
			catch (DateTimeException ex) {
				throw noMatch("no time " + date);
			}
			if (occurredAt == null) {
				throw noMatch("no date " + date);
			}
		}
		String pid = line.group("pid");
		if (pid != null && !pid.isEmpty()) {
			attributes.put("pid", string(pid));
		}
		return new ParsedLine(occurredAt, level, line.group("tag"), line.group("host"), line.group("msg"), null, null,
				null, attributes);
	}

	private static void putUnlessNil(JsonFields attributes, String name, String value) {
		if (!NIL.equals(value)) {
			attributes.put(name, string(value));
		}
	}

	private static @Nullable String nil(String value) {
		return NIL.equals(value) ? null : value;
	}

	private static Scalar string(String value) {
		return new Scalar(JsonToken.VALUE_STRING, value);
	}

	private static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not syslog: " + detail);
	}

}
