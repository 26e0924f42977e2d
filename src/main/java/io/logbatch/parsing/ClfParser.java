package io.logbatch.parsing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonToken;

/**
 * Reads an access log line of Apache httpd or nginx in the Common or Combined Log Format, told apart per
 * line: {@code host ident authuser [time] "request" status bytes}, then optionally
 * {@code "referer" "user-agent"} (Combined), then optionally {@code "x-forwarded-for"} (nginx's
 * {@code main} format, which its packages and Docker image log by default). A first field
 * {@code vhost[:port]} before the host, Apache's {@code vhost_combined} and {@code vhost_common}, is read
 * too.
 * <p>
 * The event: occurred at from {@code [10/Oct/2000:13:55:36 -0700]}; message = the request line as logged;
 * level from the status (5xx ERROR, 4xx WARN, else INFO). Attributes: {@code client.ip} (whatever
 * {@code %h} or {@code $remote_addr} wrote: an address, or a host name under Apache's
 * {@code HostnameLookups}), {@code user.ident} ({@code %l}), {@code user.name} ({@code %u},
 * {@code $remote_user}), {@code http.method}, {@code url.path}, {@code url.query} (the target after its
 * {@code ?}), {@code http.version} ({@code 1.1} of {@code HTTP/1.1}), {@code http.status} and
 * {@code http.bytes} as numbers, {@code http.referer}, {@code user_agent}, {@code http.x_forwarded_for},
 * {@code server.address} and {@code server.port} (the vhost). A {@code -} (or an empty quoted field) is
 * absent, except the byte count, where Apache's {@code %b} writes {@code -} for zero bytes: 0.
 * <p>
 * A request line that is not {@code METHOD TARGET [HTTP/x.y]}, as servers log a TLS handshake sent to a
 * plain-HTTP port ({@code "\x16\x03\x01\x00\xF1..."}) or a port scan ({@code "HELP"}), is still an
 * event: the server answered it, usually 400. Its message is the request as logged, without method, path
 * or version; nginx's {@code "-"} for a connection that sent no request gives no message. Quoted fields
 * are kept as the server escaped them ({@code \x16}, Apache's {@code \"}). Access logs carry no event id:
 * {@code logbatch.event-id.fallback} decides. Anything else after the last field, or a line of another
 * shape, is {@code no-match}. Immutable and thread-safe.
 */
final class ClfParser implements LineFormat {

	static final ClfParser INSTANCE = new ClfParser();

	/** A quoted field with backslash escapes, as one loop without alternation: Java recurses per alternation. */
	private static final String QUOTED = "\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"";

	private static final String FIELDS = "(\\S+) (\\S+) (\\S+) \\[(\\d{2})/([A-Z][a-z]{2})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) "
			+ "([+-])(\\d{2})(\\d{2})\\] " + QUOTED + " (\\d{3}) (\\d{1,18}|-)(?: " + QUOTED + " " + QUOTED + "(?: " + QUOTED
			+ ")?)?";

	private static final Pattern LINE = Pattern.compile(FIELDS);

	/**
	 * The same after {@code vhost[:port] }: tried only when {@link #LINE} fails, since a line with a vhost has
	 * four fields before its time where others have three, and trying the vhost first would cost every line.
	 */
	private static final Pattern VHOST_LINE = Pattern.compile("(\\S+?)(?::(\\d{1,5}))? " + FIELDS);

	/** Groups of {@link #LINE}; {@link #VHOST_LINE} has these two after its vhost and port. */
	private static final int CLIENT = 1, IDENT = 2, USER = 3, DAY = 4, MONTH = 5, YEAR = 6, HOUR = 7, MINUTE = 8,
			SECOND = 9, OFFSET_SIGN = 10, OFFSET_HOURS = 11, OFFSET_MINUTES = 12, REQUEST = 13, STATUS = 14, BYTES = 15,
			REFERER = 16, USER_AGENT = 17, FORWARDED_FOR = 18, VHOST = -1, PORT = 0;

	/** A method is an RFC 9110 token; the version, when there is one, {@code HTTP/} and digits. */
	private static final Pattern REQUEST_LINE = Pattern
		.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\\S+?)(?:\\?(\\S*))?(?: HTTP/(\\d(?:\\.\\d)?))?");

	private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

	private static final String ABSENT = "-";

	private ClfParser() {
	}

	@Override
	public String name() {
		return "clf";
	}

	@Override
	public ParsedLine read(String line, Instant reference) {
		Matcher fields = LINE.matcher(line);
		int base = 0;
		if (!fields.matches()) {
			fields = VHOST_LINE.matcher(line);
			base = 2;
			if (!fields.matches()) {
				throw noMatch("not host ident user [time] \"request\" status bytes, optionally \"referer\" \"user-agent\"");
			}
		}
		Groups groups = new Groups(fields, base);
		JsonFields attributes = new JsonFields();
		putUnlessAbsent(attributes, "client.ip", groups.get(CLIENT));
		putUnlessAbsent(attributes, "user.ident", groups.get(IDENT));
		putUnlessAbsent(attributes, "user.name", groups.get(USER));
		String request = groups.get(REQUEST);
		Matcher requestLine = REQUEST_LINE.matcher(request);
		if (requestLine.matches()) {
			attributes.put("http.method", string(requestLine.group(1)));
			attributes.put("url.path", string(requestLine.group(2)));
			putUnlessAbsent(attributes, "url.query", requestLine.group(3));
			if (requestLine.group(4) != null) {
				attributes.put("http.version", string(requestLine.group(4)));
			}
		}
		int status = Integer.parseInt(groups.get(STATUS));
		attributes.put("http.status", number(status));
		String bytes = groups.get(BYTES);
		attributes.put("http.bytes", number(ABSENT.equals(bytes) ? 0 : Long.parseLong(bytes)));
		putUnlessAbsent(attributes, "http.referer", groups.get(REFERER));
		putUnlessAbsent(attributes, "user_agent", groups.get(USER_AGENT));
		putUnlessAbsent(attributes, "http.x_forwarded_for", groups.get(FORWARDED_FOR));
		if (base > 0) {
			attributes.put("server.address", string(groups.get(VHOST)));
			if (groups.get(PORT) != null) {
				attributes.put("server.port", number(Integer.parseInt(groups.get(PORT))));
			}
		}
		String message = (request.isEmpty() || ABSENT.equals(request)) ? null : request;
		return new ParsedLine(time(groups), level(status), null, null, message, null, null, null, attributes);
	}

	private static Instant time(Groups fields) {
		int month = MONTHS.indexOf(fields.get(MONTH));
		int sign = "-".equals(fields.get(OFFSET_SIGN)) ? -1 : 1;
		try {
			ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(fields.get(OFFSET_HOURS)),
					sign * Integer.parseInt(fields.get(OFFSET_MINUTES)));
			if (month < 0 || month % 3 != 0) {
				throw new DateTimeException("no month " + fields.get(MONTH));
			}
			return OffsetDateTime
				.of(Integer.parseInt(fields.get(YEAR)), month / 3 + 1, Integer.parseInt(fields.get(DAY)),
						Integer.parseInt(fields.get(HOUR)), Integer.parseInt(fields.get(MINUTE)),
						Integer.parseInt(fields.get(SECOND)), 0, offset)
				.toInstant();
		}
		catch (DateTimeException ex) {
			throw noMatch("no such time " + fields.get(DAY) + "/" + fields.get(MONTH) + "/" + fields.get(YEAR)
					+ ":" + fields.get(HOUR) + ":" + fields.get(MINUTE) + ":" + fields.get(SECOND) + " "
					+ fields.get(OFFSET_SIGN) + fields.get(OFFSET_HOURS) + fields.get(OFFSET_MINUTES));
		}
	}

	private static String level(int status) {
		if (status >= 500 && status < 600) {
			return "ERROR";
		}
		return (status >= 400 && status < 500) ? "WARN" : Levels.DEFAULT;
	}

	private static void putUnlessAbsent(JsonFields attributes, String name, @Nullable String value) {
		if (value != null && !value.isEmpty() && !ABSENT.equals(value)) {
			attributes.put(name, string(value));
		}
	}

	private static Scalar string(String value) {
		return new Scalar(JsonToken.VALUE_STRING, value);
	}

	private static Scalar number(long value) {
		return new Scalar(JsonToken.VALUE_NUMBER_INT, Long.toString(value));
	}

	/** The groups of either pattern by the numbers of {@link #LINE}. */
	private record Groups(Matcher matcher, int base) {

		@Nullable String get(int group) {
			return this.matcher.group(this.base + group);
		}

	}

	private static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not clf: " + detail);
	}

}
