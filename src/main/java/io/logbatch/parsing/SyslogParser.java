package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
final class SyslogParser implements SingleEventParser {

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

	private final EventIdFallback fallback;

	private final int maxRecordBytes;

	SyslogParser(EventIdFallback fallback, int maxRecordBytes) {
		this.fallback = fallback;
		this.maxRecordBytes = maxRecordBytes;
	}

	@Override
	public LogEvent parse(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = LogEventParser.checkSize(record.value(), this.maxRecordBytes);
		String line = withoutLineBreak(StrictUtf8.decode(value).toString());
		Instant recordTime = Instant.ofEpochMilli(record.timestamp());
		Line parsed = parse(line, recordTime);
		String eventId = LogEventParser.fallbackEventId(this.fallback, value, "a syslog line has no event id");
		return new LogEvent(eventId, parsed.occurredAt(), parsed.level(), text(parsed.service()),
				text(parsed.host()), text(parsed.message()), null,
				parsed.attributes().isEmpty() ? null : JsonTree.write(parsed.attributes()), record.topic(),
				record.partition(), record.offset(), recordTime);
	}

	/** The fields of one line; package-private for tests. */
	static Line parse(String line, Instant recordTime) {
		JsonFields attributes = new JsonFields();
		int start = 0;
		String level = Levels.DEFAULT;
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
			return rfc5424(rfc5424, level, attributes, recordTime);
		}
		Matcher rfc3164 = RFC3164.matcher(rest);
		if (rfc3164.matches()) {
			return rfc3164(rfc3164, level, attributes, recordTime);
		}
		throw noMatch("neither RFC 5424 nor RFC 3164 syslog");
	}

	private static Line rfc5424(Matcher header, String level, JsonFields attributes, Instant recordTime) {
		String timestamp = header.group(1);
		Instant occurredAt = recordTime;
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
		return new Line(occurredAt, level, nil(header.group(3)), nil(header.group(2)), message, attributes);
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

	private static Line rfc3164(Matcher line, String level, JsonFields attributes, Instant recordTime) {
		Instant occurredAt;
		if (line.group("iso") != null) {
			occurredAt = IsoTimestamp.parse(line.group("iso"));
			if (occurredAt == null) {
				throw noMatch("timestamp '" + line.group("iso") + "' is not RFC 3339");
			}
		}
		else {
			occurredAt = withoutYear(MONTHS.indexOf(line.group("month")) / 3 + 1,
					Integer.parseInt(line.group("day").strip()), line.group("time"), recordTime);
		}
		String pid = line.group("pid");
		if (pid != null && !pid.isEmpty()) {
			attributes.put("pid", string(pid));
		}
		return new Line(occurredAt, level, line.group("tag"), line.group("host"), line.group("msg"), attributes);
	}

	/** The latest instant of that day and time in any year that is at most one day after the record time. */
	private static Instant withoutYear(int month, int day, String time, Instant recordTime) {
		Instant latest = recordTime.plus(Duration.ofDays(1));
		int year = LocalDateTime.ofInstant(latest, ZoneOffset.UTC).getYear();
		int hour = Integer.parseInt(time.substring(0, 2));
		int minute = Integer.parseInt(time.substring(3, 5));
		int second = Integer.parseInt(time.substring(6, 8));
		// February 29 may be up to eight years back
		for (int candidate = year; candidate > year - 9; candidate--) {
			try {
				Instant instant = LocalDateTime.of(candidate, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
				if (!instant.isAfter(latest)) {
					return instant;
				}
			}
			catch (DateTimeException ex) {
				// no such day in that year (February 29) or no such time: try the year before
			}
		}
		throw noMatch("no date " + month + "-" + day + " " + time);
	}

	private static void putUnlessNil(JsonFields attributes, String name, String value) {
		if (!NIL.equals(value)) {
			attributes.put(name, string(value));
		}
	}

	private static @Nullable String nil(String value) {
		return NIL.equals(value) ? null : value;
	}

	private static @Nullable String text(@Nullable String value) {
		return (value != null) ? StorableText.replaceUnstorable(value) : null;
	}

	private static Scalar string(String value) {
		return new Scalar(JsonToken.VALUE_STRING, value);
	}

	private static String withoutLineBreak(String line) {
		int end = line.length();
		while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
			end--;
		}
		return line.substring(0, end);
	}

	private static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not syslog: " + detail);
	}

	/** What a line says, before the record adds its id and source. */
	record Line(Instant occurredAt, String level, @Nullable String service, @Nullable String host,
			@Nullable String message, JsonFields attributes) {
	}

}
