package io.logbatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The input formats {@code bench/run --formats} measures, by logbatch's names for them
 * ({@code logbatch.input.format}, SPEC "Input formats"): how a corpus event becomes a record of the format,
 * what its malformed record is, and the arguments that make logbatch's {@code run} read it.
 */
enum BenchFormat {

	/** The SPEC's JSON input: the corpus's own records. */
	JSON("json"),
	/** go-kit logfmt lines; a Go panic line is malformed. */
	LOGFMT("logfmt"),
	/** RFC 5424 lines; a stack-trace line is malformed. */
	SYSLOG("syslog"),
	/** nginx combined access log lines; an nginx error log line is malformed. */
	CLF("clf"),
	/** log4j 2 lines read with a regular expression; a stack-trace line is malformed. */
	PATTERN("pattern"),
	/** OTLP/JSON requests of several log records; the first half of a request is malformed. */
	OTLP_JSON("otlp-json"),
	/** OTLP/protobuf requests of several log records; the first half of a request is malformed. */
	OTLP_PROTO("otlp-proto");

	private final String configName;

	BenchFormat(String configName) {
		this.configName = configName;
	}

	String configName() {
		return this.configName;
	}

	/** The format of a name, case-insensitively, or {@code null} when the benchmark has none. */
	static @Nullable BenchFormat named(String name) {
		String lower = name.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((format) -> format.configName.equals(lower)).findFirst().orElse(null);
	}

	/** The known names, for error messages. */
	static String names() {
		return Arrays.stream(values()).map(BenchFormat::configName).collect(Collectors.joining(","));
	}

	/** Whether a record holds several events: an OTLP request. */
	boolean batched() {
		return this == OTLP_JSON || this == OTLP_PROTO;
	}

	/** The arguments of logbatch's {@code run} that select this format for every topic, with its own keys. */
	List<String> jobArguments() {
		List<String> arguments = new ArrayList<>(List.of("--logbatch.input.format=" + this.configName));
		if (this == PATTERN) {
			arguments.add("--logbatch.input.pattern=" + FormatLines.LOG4J_PATTERN);
			arguments.add("--logbatch.input.timestamp-format=" + FormatLines.LOG4J_TIMESTAMP_FORMAT);
		}
		return arguments;
	}

	/** The record of one event; for a batched format, a request of that event alone. */
	byte[] record(CorpusEvent event) {
		return switch (this) {
			case JSON -> FormatLines.json(event);
			case LOGFMT -> FormatLines.logfmt(event);
			case SYSLOG -> FormatLines.syslog(event);
			case CLF -> FormatLines.clf(event);
			case PATTERN -> FormatLines.log4j(event);
			case OTLP_JSON, OTLP_PROTO -> request(List.of(event));
		};
	}

	/** A record of this format's stream that it cannot read, made from the event. */
	byte[] malformed(CorpusEvent event) {
		return switch (this) {
			case LOGFMT -> FormatLines.logfmtMalformed(event);
			case SYSLOG, PATTERN -> FormatLines.stackTraceLine(event);
			case CLF -> FormatLines.nginxError(event);
			// Half a line of these may still be a valid line (logfmt, syslog, CLF), half a JSON text or
			// protobuf message never is: the request's one top-level field is cut short.
			case JSON, OTLP_JSON, OTLP_PROTO -> {
				byte[] whole = record(event);
				yield Arrays.copyOf(whole, whole.length / 2);
			}
		};
	}

	/** One request of the events, in a batched format. */
	byte[] request(List<CorpusEvent> events) {
		return switch (this) {
			case OTLP_JSON -> OtlpRequests.json(OtlpRequests.request(events));
			case OTLP_PROTO -> OtlpRequests.proto(OtlpRequests.request(events));
			default -> throw new IllegalStateException(this.configName + " has one event per record");
		};
	}

}
