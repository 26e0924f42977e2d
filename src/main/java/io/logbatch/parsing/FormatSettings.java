package io.logbatch.parsing;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The keys a format takes beside {@code format}, as configured, at the default level
 * ({@code logbatch.input.*}) or for one topic ({@code logbatch.input.topics.[<topic>].*}):
 * <ul>
 * <li>{@code message-format}: {@code syslog}, {@code clf} or {@code pattern}; format {@code json} only: the
 * object's message is read as a line of that format ({@link EnvelopeParser});</li>
 * <li>{@code pattern}: a Java regular expression with named groups; format {@code pattern}, or json with
 * message-format {@code pattern}, where it is required;</li>
 * <li>{@code timestamp-format}: a {@code java.time} pattern for the {@code timestamp} and
 * {@code publishedAt} groups; without it they are read as JSON's timestamps are;</li>
 * <li>{@code zone}: beside {@code timestamp-format}, the time zone of a timestamp without an offset;
 * {@code UTC} when not set.</li>
 * </ul>
 * A key that the format does not read is a configuration error rather than silently ignored.
 * {@link #check} validates; {@link InputFormat#parser(FormatSettings, EventIdFallback, int)} compiles.
 */
public record FormatSettings(@Nullable String messageFormat, @Nullable String pattern,
		@Nullable String timestampFormat, @Nullable String zone) {

	/** No key set: what every format but {@code pattern} can run with. */
	public static final FormatSettings NONE = new FormatSettings(null, null, null, null);

	static final String MESSAGE_FORMAT = "message-format";

	static final String PATTERN = "pattern";

	static final String TIMESTAMP_FORMAT = "timestamp-format";

	static final String ZONE = "zone";

	/** Whether any key is set. */
	public boolean isEmpty() {
		return this.messageFormat == null && this.pattern == null && this.timestampFormat == null && this.zone == null;
	}

	/**
	 * Checks that these settings fit the format and compile.
	 * @param keyPrefix what the keys are named under, {@code logbatch.input.} or
	 * {@code logbatch.input.topics.[<topic>].}
	 * @throws IllegalArgumentException one line naming the first bad key:
	 * {@code logbatch.input.pattern has no group named message: ...}
	 */
	public void check(InputFormat format, String keyPrefix) {
		try {
			lineFormat(format);
		}
		catch (SettingException ex) {
			throw new IllegalArgumentException(keyPrefix + ex.getMessage());
		}
	}

	/**
	 * The line format that these settings give a format: its own for syslog, clf and pattern, the
	 * message-format for json, none for json without it and for logfmt.
	 * @throws SettingException if a key does not fit the format or does not compile
	 */
	@Nullable LineFormat lineFormat(InputFormat format) {
		InputFormat lines = format;
		if (this.messageFormat != null) {
			InputFormat named = InputFormat.named(this.messageFormat);
			if (format != InputFormat.JSON) {
				throw new SettingException(MESSAGE_FORMAT,
						"applies to format json only, the format is " + format.configName());
			}
			if (named != InputFormat.SYSLOG && named != InputFormat.CLF && named != InputFormat.PATTERN) {
				throw new SettingException(MESSAGE_FORMAT,
						"must be one of syslog, clf, pattern, was '" + this.messageFormat + "'");
			}
			lines = named;
		}
		if (lines != InputFormat.PATTERN) {
			String stray = (this.pattern != null) ? PATTERN
					: (this.timestampFormat != null) ? TIMESTAMP_FORMAT : (this.zone != null) ? ZONE : null;
			if (stray != null) {
				throw new SettingException(stray, "applies to format pattern (or json with message-format pattern) "
						+ "only, the format is " + describe(format));
			}
		}
		return switch (lines) {
			case SYSLOG -> SyslogParser.INSTANCE;
			case CLF -> ClfParser.INSTANCE;
			case PATTERN -> PatternParser.of(this);
			default -> null;
		};
	}

	private String describe(InputFormat format) {
		return (this.messageFormat != null) ? "json with message-format " + this.messageFormat.strip().toLowerCase(Locale.ROOT)
				: format.configName();
	}

	/** A key of these settings that does not fit, named without its prefix; the message starts with the key. */
	static final class SettingException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		SettingException(String key, String problem) {
			super(key + " " + problem);
		}

	}

}
