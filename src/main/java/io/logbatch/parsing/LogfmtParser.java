package io.logbatch.parsing;

import java.nio.CharBuffer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import tools.jackson.core.JsonToken;

/**
 * Parses a record value of {@code key=value} pairs separated by spaces, the logfmt that Go services write
 * (go-kit log in Prometheus and Loki, Heroku's router, logrus' text formatter). A value is either a run of
 * characters without spaces, {@code =} or {@code "}, or a double-quoted string with {@code \"}, {@code \\},
 * {@code \n}, {@code \r}, {@code \t} escapes; it may be empty ({@code key=}).
 * <p>
 * The pairs are mapped to event fields by the same names as a JSON object ({@link LogEventParser}), so
 * {@code ts}, {@code level}, {@code msg}, {@code service.name}, an id key and so on; every other pair is an
 * attribute holding a string. A key given twice keeps its last value. Numbers stay strings: logfmt has no
 * types, and {@code ts=1767225600} is still read as an epoch time because the JSON rules read a string of
 * digits so.
 * <p>
 * Every space-separated token must be a pair: a word without {@code =} (which go-logfmt would take as a key
 * without a value) is rejected as {@code no-match}, because otherwise any line of prose would be stored as
 * an event of nonsense keys. A trailing line break is ignored. Immutable and thread-safe.
 */
final class LogfmtParser implements SingleEventParser {

	private final LogEventParser fields;

	private final int maxRecordBytes;

	LogfmtParser(LogEventParser fields, int maxRecordBytes) {
		this.fields = fields;
		this.maxRecordBytes = maxRecordBytes;
	}

	@Override
	public LogEvent parse(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = LogEventParser.checkSize(record.value(), this.maxRecordBytes);
		return this.fields.event(read(StrictUtf8.decode(value)), value, record);
	}

	/** The pairs of one line, in order. */
	static JsonFields read(CharBuffer text) {
		String line = text.toString();
		int end = line.length();
		while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
			end--;
		}
		JsonFields pairs = new JsonFields();
		int i = skipSpaces(line, 0, end);
		while (i < end) {
			int keyStart = i;
			while (i < end && isKeyChar(line.charAt(i))) {
				i++;
			}
			if (i == keyStart || i == end || line.charAt(i) != '=') {
				throw noMatch("expected key=value at character " + keyStart);
			}
			String key = line.substring(keyStart, i);
			i++;
			StringBuilder value = new StringBuilder();
			if (i < end && line.charAt(i) == '"') {
				i = readQuoted(line, i + 1, end, value);
			}
			else {
				while (i < end && !isSpace(line.charAt(i))) {
					char c = line.charAt(i);
					if (c == '"' || c == '=') {
						throw noMatch("unquoted value of '" + key + "' holds '" + c + "' at character " + i);
					}
					value.append(c);
					i++;
				}
			}
			if (i < end && !isSpace(line.charAt(i))) {
				throw noMatch("expected a space after the value of '" + key + "' at character " + i);
			}
			pairs.put(key, new Scalar(JsonToken.VALUE_STRING, value.toString()));
			i = skipSpaces(line, i, end);
		}
		if (pairs.isEmpty()) {
			throw noMatch("no key=value pair");
		}
		return pairs;
	}

	/** Reads a quoted value after its opening quote and returns the index after its closing quote. */
	private static int readQuoted(String line, int start, int end, StringBuilder value) {
		int i = start;
		while (i < end) {
			char c = line.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < end) {
				char escaped = line.charAt(i + 1);
				switch (escaped) {
					case 'n' -> value.append('\n');
					case 'r' -> value.append('\r');
					case 't' -> value.append('\t');
					default -> value.append(escaped);
				}
				i += 2;
			}
			else {
				value.append(c);
				i++;
			}
		}
		throw noMatch("quoted value opened at character " + (start - 1) + " is not closed");
	}

	private static int skipSpaces(String line, int start, int end) {
		int i = start;
		while (i < end && isSpace(line.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
	}

	private static boolean isKeyChar(char c) {
		return c > ' ' && c != '=' && c != '"' && c != 0x7F;
	}

	private static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not logfmt: " + detail);
	}

}
