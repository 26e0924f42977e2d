package io.logbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

import io.logbatch.LogbatchProperties;
import io.logbatch.parsing.InputFormat;
import io.logbatch.parsing.InvalidRecordException;
import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.parsing.RecordParser;
import io.logbatch.processing.EventRules;
import io.logbatch.processing.RecordPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "parse", mixinStandardHelpOptions = true,
		description = { "Reads records from FILE, or standard input, one per line, and prints what a run would "
				+ "store for each: its events after the processing rules (logbatch.process.*), one JSON object per "
				+ "line with the columns of log_event (times in UTC, as the store holds them), or 'rejected: "
				+ "<reason>' with the reason its dead letter would carry, or 'filtered: <rule>' for an event a rule "
				+ "dropped ('filtered: expired' for an event older than logbatch.store.retention keeps). A count "
				+ "line goes to standard error. Reads the configuration as 'run' does, and "
				+ "connects to neither Kafka nor PostgreSQL.", "",
				"Each line is a record of the topic (--topic, else the first of logbatch.topics), partition 0, "
						+ "offset its line number - 1, timestamp now: the time of events without one. Empty lines "
						+ "are skipped; a CRLF line ends as an LF line. A binary format (otlp-proto) reads the whole "
						+ "input as one record.", "",
				"Exit codes: 0 every record parsed (some events may be filtered), 1 some record rejected, 2 usage "
						+ "or configuration error." })
class ParseCommand implements ContextCommand {

	/** How many rejected lines the count line names. */
	private static final int NAMED_LINES = 10;

	@Option(names = "--topic", paramLabel = "TOPIC",
			description = "the records' topic, whose format and format settings apply (default: the first of "
					+ "logbatch.topics)")
	@Nullable String topic;

	@Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
			completionCandidates = FormatNames.class,
			description = "read the records as this format instead of the topic's: ${COMPLETION-CANDIDATES}")
	@Nullable InputFormat format;

	@Parameters(arity = "0..1", paramLabel = "FILE", description = "the records, one per line; '-' or none: "
			+ "standard input")
	@Nullable Path file;

	private final InputStream in;

	private final PrintStream out;

	private final PrintStream err;

	ParseCommand() {
		this(System.in, System.out, System.err);
	}

	ParseCommand(InputStream in, PrintStream out, PrintStream err) {
		this.in = in;
		this.out = out;
		this.err = err;
	}

	@Override
	public Class<?> application() {
		return ParseConfiguration.class;
	}

	/**
	 * The parser of the topic's records as {@code format}; a format that needs keys the topic does not give it
	 * (--format pattern on a topic of another format) is a usage error.
	 */
	private RecordParser parser(LogbatchProperties properties, String topic, InputFormat format) {
		try {
			return properties.input()
				.parserOf(topic, format, properties.eventId().fallback(), properties.maxRecordBytes());
		}
		catch (IllegalArgumentException ex) {
			throw new CommandFailure(ExitCodes.USAGE, "--format " + format.configName() + " on topic " + topic
					+ ", whose format is " + properties.input().formatOf(topic).configName() + ": " + ex.getMessage()
					+ " (set it with the topic's format: logbatch.input.format, or logbatch.input.topics.[" + topic
					+ "].*)");
		}
	}

	@Override
	public int execute(ConfigurableApplicationContext context) throws IOException {
		LogbatchProperties properties = context.getBean(LogbatchProperties.class);
		String topic = (this.topic != null) ? this.topic : properties.topics().get(0);
		InputFormat format = (this.format != null) ? this.format : properties.input().formatOf(topic);
		RecordPipeline pipeline = new RecordPipeline(parser(properties, topic, format),
				EventRules.of(properties.process()).expiringBefore(properties.store().keptFrom(Instant.now())));
		ParseOutput output = new ParseOutput(this.out);
		Counts counts = new Counts();
		InputStream input = open();
		try {
			InputRecords records = new InputRecords(input, format.isText(), output, topic, System.currentTimeMillis());
			for (ConsumerRecord<byte[], byte[]> record = records.next(); record != null; record = records.next()) {
				counts.read++;
				try {
					print(pipeline.apply(record), output, counts);
				}
				catch (InvalidRecordException ex) {
					output.rejected(ex.getMessage());
					counts.rejected(records.lineNumber());
				}
			}
		}
		finally {
			output.flush();
			if (input != this.in) {
				input.close();
			}
		}
		this.err.println(counts);
		return (counts.rejected == 0) ? ExitCodes.OK : ExitCodes.FAILED;
	}

	private static void print(ParsedRecord parsed, ParseOutput output, Counts counts) {
		for (LogEvent event : parsed.events()) {
			output.event(event);
		}
		counts.events += parsed.events().size();
		new TreeMap<>(parsed.filtered()).forEach((rule, filtered) -> {
			for (int i = 0; i < filtered; i++) {
				output.filtered(rule);
			}
			counts.filtered += filtered;
		});
	}

	/** The file, or standard input, which is never closed here. */
	private InputStream open() {
		if (this.file == null || this.file.toString().equals("-")) {
			return this.in;
		}
		try {
			return Files.newInputStream(this.file);
		}
		catch (NoSuchFileException ex) {
			throw new CommandFailure(ExitCodes.USAGE, "cannot read " + this.file + ": no such file");
		}
		catch (IOException ex) {
			throw new CommandFailure(ExitCodes.USAGE, "cannot read " + this.file + ": " + ex.getMessage());
		}
	}

	/** What the count line says; {@code 3 read, 2 events, 0 filtered, 1 rejected (line 2)}. */
	private static final class Counts {

		long read;

		long events;

		long filtered;

		long rejected;

		private final List<Long> rejectedLines = new ArrayList<>();

		void rejected(long line) {
			this.rejected++;
			if (this.rejectedLines.size() < NAMED_LINES) {
				this.rejectedLines.add(line);
			}
		}

		@Override
		public String toString() {
			String summary = this.read + " read, " + this.events + " events, " + this.filtered + " filtered, "
					+ this.rejected + " rejected";
			if (this.rejected == 0) {
				return summary;
			}
			List<String> lines = new ArrayList<>(this.rejectedLines.stream().map(String::valueOf).toList());
			if (this.rejected > this.rejectedLines.size()) {
				lines.add("...");
			}
			return summary + " (" + ((this.rejected == 1) ? "line " : "lines ") + String.join(", ", lines) + ")";
		}

	}

	/** The formats' names, for the help. */
	static final class FormatNames implements Iterable<String> {

		@Override
		public Iterator<String> iterator() {
			return Arrays.stream(InputFormat.values()).map(InputFormat::configName).iterator();
		}

	}

	/** {@code --format}: a format's name, or a usage error listing them. */
	static final class FormatConverter implements ITypeConverter<InputFormat> {

		@Override
		public InputFormat convert(String value) {
			InputFormat format = InputFormat.named(value);
			if (format == null) {
				throw new TypeConversionException(
						"'" + value + "' is not one of " + InputFormat.names());
			}
			return format;
		}

	}

}
