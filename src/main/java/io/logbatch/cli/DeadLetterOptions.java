package io.logbatch.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.logbatch.deadletter.DeadLetterFilter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that choose dead letters, the same for {@code dlt inspect} and {@code dlt redrive}. */
class DeadLetterOptions {

	@Spec(Spec.Target.MIXEE)
	@Nullable CommandSpec spec;

	@Nullable String topic;

	@Option(names = "--exception", paramLabel = "CLASS", split = ",",
			description = { "only dead letters whose exception or its cause is CLASS, fully qualified or simple "
					+ "(RejectedRowException); for logbatch's InvalidRecordException also a reason code: "
					+ "empty-value, not-utf8, not-json-object, bad-timestamp, too-large, missing-event-id; for a "
					+ "row PostgreSQL rejected sqlstate- and its SQLSTATE (sqlstate-23514). "
					+ "Repeat it, or separate with commas, for any of several." })
	List<String> exceptions = new ArrayList<>();

	@Nullable Instant since;

	@Nullable Instant until;

	@Option(names = "--topic", paramLabel = "TOPIC",
			description = "a source topic, or its dead-letter topic (default: the dead-letter topics of every "
					+ "topic in logbatch.topics)")
	void setTopic(String topic) {
		if (topic.isBlank()) {
			throw usage("--topic must name a topic");
		}
		this.topic = topic.strip();
	}

	@Option(names = "--since", paramLabel = "TIME",
			description = "only records whose original timestamp is TIME or later: ISO-8601 with an offset, "
					+ "e.g. 2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00")
	void setSince(String time) {
		this.since = instant("--since", time);
		checkRange();
	}

	@Option(names = "--until", paramLabel = "TIME",
			description = "only records whose original timestamp is before TIME (ISO-8601 with an offset)")
	void setUntil(String time) {
		this.until = instant("--until", time);
		checkRange();
	}

	DeadLetterFilter filter() {
		return new DeadLetterFilter(this.exceptions, this.since, this.until);
	}

	private Instant instant(String option, String time) {
		try {
			return OffsetDateTime.parse(time.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw usage(option + " '" + time + "' is not an ISO-8601 time with an offset, such as "
					+ "2024-05-01T10:00:00Z");
		}
	}

	private void checkRange() {
		if (this.since != null && this.until != null && !this.since.isBefore(this.until)) {
			throw usage("--since " + this.since + " must be before --until " + this.until);
		}
	}

	private RuntimeException usage(String message) {
		return (this.spec != null) ? new ParameterException(this.spec.commandLine(), message)
				: new IllegalArgumentException(message);
	}

}
