package io.logbatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A corpus event as the one line each text format's producer writes for it, and the line of the same
 * stream that the format cannot read (a malformed record).
 * <p>
 * Each line carries what its producer naturally has: none of logfmt, syslog, CLF or log4j lines carries
 * an event id, so logbatch gives them the content hash (a resent line is the same event); CLF and log4j
 * lines carry no trace id, CLF no service or host.
 */
final class FormatLines {

	/** log4j's {@code %d{yyyy-MM-dd HH:mm:ss.SSS}}, written in UTC. */
	static final String LOG4J_TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss.SSS";

	/**
	 * A log4j 2 line of {@code %d{yyyy-MM-dd HH:mm:ss.SSS} [%t] %-5level %logger - %msg%n}, whose loggers
	 * are named {@code <service>.<Class>}: the groups logbatch's {@code pattern} format takes as fields
	 * ({@code timestamp}, {@code level}, {@code service}, {@code message}) and attributes ({@code thread},
	 * {@code logger}).
	 */
	static final String LOG4J_PATTERN = "(?<timestamp>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) "
			+ "\\[(?<thread>[^\\]]+)\\] (?<level>[A-Z]+) +(?<service>[^.\\s]+)\\.(?<logger>\\S+) - (?<message>.*)";

	private static final DateTimeFormatter LOG4J_TIME = DateTimeFormatter.ofPattern(LOG4J_TIMESTAMP_FORMAT, Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	// nginx's $time_local: 25/Nov/2026:04:30:00 +0000
	private static final DateTimeFormatter CLF_TIME = DateTimeFormatter
		.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	// nginx's error log time: 2026/11/25 04:30:00
	private static final DateTimeFormatter NGINX_ERROR_TIME = DateTimeFormatter
		.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	// syslog facility local0, whose severities are 0 (emerg) to 7 (debug)
	private static final int LOCAL0 = 16;

	// RFC 5424's own example enterprise number, for the SD-ID of the request's structured data
	private static final String SD_ID = "request@32473";

	private FormatLines() {
	}

	/** The SPEC's JSON input form: the corpus's original records, byte for byte. */
	static byte[] json(CorpusEvent event) {
		return utf8("{\"event_id\":\"" + event.eventId() + "\",\"@timestamp\":\"" + event.occurredAt()
				+ "\",\"level\":\"" + event.level() + "\",\"service\":\"" + event.service() + "\",\"host\":\""
				+ event.host() + "\",\"message\":\"" + event.message() + "\",\"trace_id\":\"" + event.traceId()
				+ "\",\"published_at\":\"" + event.publishedAt() + "\",\"http\":{\"method\":\"" + event.method()
				+ "\",\"status\":" + event.status() + "},\"duration_ms\":" + event.durationMs() + "}");
	}

	/**
	 * go-kit's logfmt, as a Go service writes it: {@code ts=2026-11-25T04:30:00.123Z level=info
	 * service=checkout host=checkout-3 msg="GET /api/v2/orders/42 200" trace_id=... method=GET status=200
	 * duration_ms=87}.
	 */
	static byte[] logfmt(CorpusEvent event) {
		return utf8("ts=" + event.occurredAt() + " level=" + event.level().toLowerCase(Locale.ROOT) + " service="
				+ event.service() + " host=" + event.host() + " msg=\"" + event.message() + "\" trace_id="
				+ event.traceId() + " method=" + event.method() + " status=" + event.status() + " duration_ms="
				+ event.durationMs());
	}

	/**
	 * RFC 5424 as rsyslog forwards it ({@code RSYSLOG_SyslogProtocol23Format}), facility local0, the app's
	 * pid, no MSGID, the request in structured data: {@code <134>1 2026-11-25T04:30:00.123Z checkout-3
	 * checkout 12345 - [request@32473 method="GET" status="200" duration_ms="87" trace_id="..."] GET ...}.
	 */
	static byte[] syslog(CorpusEvent event) {
		return utf8("<" + (LOCAL0 * 8 + severity(event.level())) + ">1 " + event.occurredAt() + " " + event.host()
				+ " " + event.service() + " " + event.pid() + " - [" + SD_ID + " method=\"" + event.method()
				+ "\" status=\"" + event.status() + "\" duration_ms=\"" + event.durationMs() + "\" trace_id=\""
				+ event.traceId() + "\"] " + event.message());
	}

	/**
	 * nginx's {@code combined} access log format, {@code $remote_addr - $remote_user [$time_local]
	 * "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"}, as in
	 * {@code 192.168.99.1 - - [05/Feb/2018:22:24:32 +0000] "CONNECT i.imgur.com:443 HTTP/1.1" 000 1477 "-"
	 * "Mozilla/5.0 ..."} (chobits/ngx_http_proxy_connect_module issue 35).
	 */
	static byte[] clf(CorpusEvent event) {
		return utf8(event.clientIp() + " - - [" + CLF_TIME.format(event.occurredAt()) + "] \"" + event.method() + " "
				+ event.path() + " HTTP/1.1\" " + event.status() + " " + event.responseBytes() + " \""
				+ event.referer() + "\" \"" + event.userAgent() + "\"");
	}

	/**
	 * A log4j 2 line of {@link #LOG4J_PATTERN}'s layout: {@code 2026-11-25 04:30:00.123
	 * [http-nio-8080-exec-7] INFO  checkout.OrdersController - GET /api/v2/orders/42 200}.
	 */
	static byte[] log4j(CorpusEvent event) {
		return utf8(LOG4J_TIME.format(event.occurredAt()) + " [" + event.thread() + "] "
				+ String.format(Locale.ROOT, "%-5s", event.level()) + " " + event.logger() + " - " + event.message());
	}

	/**
	 * What a Go service writes to the same stream when it panics, which is not logfmt: {@code panic:
	 * runtime error: index out of range [7] with length 3}.
	 */
	static byte[] logfmtMalformed(CorpusEvent event) {
		return utf8("panic: runtime error: index out of range [" + (event.resourceId() % 16 + 3) + "] with length 3");
	}

	/**
	 * A line of a Java exception's stack trace, which a file tailer ships as a record of its own and which is
	 * neither syslog nor the log4j layout: {@code \tat checkout.OrdersController.get(OrdersController.java:87)}.
	 */
	static byte[] stackTraceLine(CorpusEvent event) {
		String logger = event.logger();
		String simpleName = logger.substring(logger.indexOf('.') + 1);
		return utf8("\tat " + logger + "." + event.method().toLowerCase(Locale.ROOT) + "(" + simpleName + ".java:"
				+ (20 + event.resourceId() % 300) + ")");
	}

	/**
	 * An nginx error log line in the access log's stream, not CLF, shaped as {@code 2017/02/03 16:36:10
	 * [error] 7588#7588: *3345968 upstream timed out (110: Connection timed out) while reading response
	 * header from upstream, client: ..., server: ..., request: "GET ... HTTP/1.1", upstream: "http://...",
	 * host: "..."} (NodeBB/NodeBB issue 5295).
	 */
	static byte[] nginxError(CorpusEvent event) {
		return utf8(NGINX_ERROR_TIME.format(event.occurredAt()) + " [error] 31#31: *" + event.resourceId()
				+ " upstream timed out (110: Connection timed out) while reading response header from upstream, "
				+ "client: " + event.clientIp() + ", server: _, request: \"" + event.method() + " " + event.path()
				+ " HTTP/1.1\", upstream: \"http://" + event.host() + ":8080" + event.path()
				+ "\", host: \"api.example.com\"");
	}

	// The syslog severity of a level: 3 err, 4 warning, 6 info, 7 debug.
	private static int severity(String level) {
		return switch (level) {
			case "ERROR" -> 3;
			case "WARN" -> 4;
			case "DEBUG" -> 7;
			default -> 6;
		};
	}

	private static byte[] utf8(String line) {
		return line.getBytes(StandardCharsets.UTF_8);
	}

}
