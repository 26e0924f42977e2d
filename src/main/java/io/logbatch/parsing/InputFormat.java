package io.logbatch.parsing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The formats a source topic's record values can have ({@code logbatch.input.format}), by the names
 * configuration uses. Settings hold the name as text and look it up here, so that an unknown name is
 * reported with the key and the known names rather than as an enum conversion failure.
 */
public enum InputFormat {

	/** One JSON object per record: {@link LogEventParser}. */
	JSON("json"),
	/** {@code key=value} pairs, as Go services write them: {@link LogfmtParser}. */
	LOGFMT("logfmt"),
	/** RFC 5424 or RFC 3164 syslog lines: {@link SyslogParser}. */
	SYSLOG("syslog"),
	/** Apache and nginx access log lines, Common or Combined Log Format: {@link ClfParser}. */
	CLF("clf"),
	/** Lines matched by a configured regular expression with named groups: {@link PatternParser}. */
	PATTERN("pattern"),
	/** An OTLP logs export request in OTLP/JSON, the Collector's Kafka exporter's {@code otlp_json}. */
	OTLP_JSON("otlp-json"),
	/** An OTLP logs export request in binary protobuf, the Collector's Kafka exporter's {@code otlp_proto}. */
	OTLP_PROTO("otlp-proto");

	private final String configName;

	InputFormat(String configName) {
		this.configName = configName;
	}

	/** The name configuration uses. */
	public String configName() {
		return this.configName;
	}

	/**
	 * Whether a record value of this format is text, so that a file of records holds one per line (the
	 * {@code parse} command reads them so). A protobuf format's ({@code otlp-proto}) is binary.
	 */
	public boolean isText() {
		return this != OTLP_PROTO;
	}

	/** The format of a configured name, case-insensitively, or {@code null} when there is none. */
	public static @Nullable InputFormat named(String name) {
		String lower = name.strip().toLowerCase(Locale.ROOT);
		for (InputFormat format : values()) {
			if (format.configName.equals(lower)) {
				return format;
			}
		}
		return null;
	}

	/** The configured names, for error messages: {@code json, logfmt, syslog}. */
	public static String names() {
		return Arrays.stream(values()).map(InputFormat::configName).collect(Collectors.joining(", "));
	}

	/**
	 * A parser of this format without any of its keys set, for every format but {@code pattern}.
	 * @param fallback what an event without an id becomes
	 * @param maxRecordBytes the largest accepted record value in bytes, at least 1
	 */
	public RecordParser parser(EventIdFallback fallback, int maxRecordBytes) {
		return parser(FormatSettings.NONE, fallback, maxRecordBytes);
	}

	/**
	 * A parser of this format.
	 * @param settings the format's own keys, checked by {@link FormatSettings#check}
	 * @param fallback what an event without an id becomes
	 * @param maxRecordBytes the largest accepted record value in bytes, at least 1
	 * @throws IllegalArgumentException if the settings do not fit this format
	 */
	public RecordParser parser(FormatSettings settings, EventIdFallback fallback, int maxRecordBytes) {
		LogEventParser json = new LogEventParser(fallback, maxRecordBytes);
		LineFormat lines = settings.lineFormat(this);
		return switch (this) {
			case JSON -> (lines != null) ? new EnvelopeParser(lines, fallback, maxRecordBytes) : json;
			case LOGFMT -> new LogfmtParser(json, maxRecordBytes);
			case SYSLOG, CLF, PATTERN -> new LineParser(lines, fallback, maxRecordBytes);
			case OTLP_JSON -> OtlpParser.json(fallback, maxRecordBytes);
			case OTLP_PROTO -> OtlpParser.proto(fallback, maxRecordBytes);
		};
	}

}
