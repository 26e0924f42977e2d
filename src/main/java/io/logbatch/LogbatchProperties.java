package io.logbatch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.logbatch.parsing.EventIdFallback;
import io.logbatch.parsing.FormatSettings;
import io.logbatch.parsing.InputFormat;
import io.logbatch.parsing.RecordParser;
import io.logbatch.processing.ProcessSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.scheduling.support.CronExpression;

/**
 * Every {@code logbatch.*} setting, immutable once bound. Defaults are those of SPEC and
 * {@code config/application.yml}; a value out of range fails binding with a message that
 * names the key.
 *
 * @param topics source topics
 * @param groupId consumer group: offsets and the run lock are per group
 * @param chunkSize records per chunk, one database transaction
 * @param skipLimit more skipped records than this in one run fail the run; -1 for none
 * @param writeMode which version of an event wins
 * @param delivery when offsets commit relative to the write
 * @param maxRecordBytes larger records go to the DLT
 * @param concurrency partitions processed in parallel; null for the number of cores
 * @param pollTimeout how long a partition waits for records it expects before it ends
 * @param schedule when {@code schedule} starts runs
 * @param alert where a run that dead-lettered records is reported
 * @param workerName how this process names itself in the partitions it runs; null for
 * {@code <hostname>:<pid>}
 * @param workers where partitions run: on this JVM's threads, or in {@code worker} processes
 * @param remote how partitions reach {@code worker} processes
 * @param input the format of each source topic's record values
 * @param process the rules between parsing and writing: drop, redact, add fields
 * @param store how long the log store keeps events and rollups, and its optional indexes
 */
@ConfigurationProperties("logbatch")
public record LogbatchProperties(@DefaultValue("logs") List<String> topics, @DefaultValue("logbatch") String groupId,
		@DefaultValue("1000") int chunkSize, @DefaultValue Retry retry, @DefaultValue("-1") long skipLimit,
		@DefaultValue Dlt dlt, @DefaultValue("insert") WriteMode writeMode,
		@DefaultValue("at-least-once") Delivery delivery, @DefaultValue EventId eventId,
		@DefaultValue("1048576") int maxRecordBytes, @Nullable Integer concurrency,
		@DefaultValue("10s") Duration pollTimeout, @DefaultValue Schedule schedule, @DefaultValue Alert alert,
		@Nullable String workerName, @DefaultValue("local") Workers workers, @DefaultValue Remote remote,
		@DefaultValue Input input, @DefaultValue ProcessSettings process, @DefaultValue Store store) {

	public LogbatchProperties {
		require(!topics.isEmpty() && topics.stream().noneMatch(String::isBlank), "logbatch.topics",
				"must name at least one topic");
		require(!groupId.isBlank(), "logbatch.group-id", "must not be blank");
		require(chunkSize > 0, "logbatch.chunk-size", "must be positive, was " + chunkSize);
		require(skipLimit >= -1, "logbatch.skip-limit", "must be -1 (no limit) or more, was " + skipLimit);
		require(maxRecordBytes > 0, "logbatch.max-record-bytes", "must be positive, was " + maxRecordBytes);
		require(concurrency == null || concurrency > 0, "logbatch.concurrency",
				"must be positive, was " + concurrency);
		require(!pollTimeout.isNegative() && !pollTimeout.isZero(), "logbatch.poll-timeout",
				"must be positive, was " + pollTimeout);
		require(workerName == null || !workerName.isBlank(), "logbatch.worker-name", "must not be blank");
		topics = List.copyOf(topics.stream().map(String::trim).toList());
		require(workers != Workers.REMOTE || remote.requestTopic() != null
				|| (groupId + REQUEST_TOPIC_SUFFIX).matches(TOPIC_NAME), "logbatch.remote.request-topic",
				"must be set: group id '" + groupId + "' does not make a Kafka topic name");
	}

	private static final String REQUEST_TOPIC_SUFFIX = "-partition-requests";

	private static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

	/** The number of partitions processed at once in this JVM. */
	public int effectiveConcurrency() {
		return (this.concurrency != null) ? this.concurrency : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * The name of this process in the partitions it runs: {@code logbatch.worker-name}, else
	 * {@code <hostname>:<pid>}, the host name as the JVM resolves it (else {@code $HOSTNAME},
	 * else {@code localhost}). The look-up may wait on DNS: callers keep the name.
	 */
	public String effectiveWorkerName() {
		return (this.workerName != null) ? this.workerName.trim() : hostName() + ":" + ProcessHandle.current().pid();
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String fromEnvironment = System.getenv("HOSTNAME");
			return (fromEnvironment != null && !fromEnvironment.isBlank()) ? fromEnvironment : "localhost";
		}
	}

	/** The dead-letter topic of a source topic. */
	public String deadLetterTopic(String sourceTopic) {
		return sourceTopic + this.dlt.suffix();
	}

	static void require(boolean condition, String key, String problem) {
		if (!condition) {
			throw new IllegalArgumentException(key + " " + problem);
		}
	}

	/**
	 * @param attempts tries of a transient failure, the first included
	 * @param backoff wait between tries
	 */
	public record Retry(@DefaultValue("3") int attempts, @DefaultValue("1s") Duration backoff) {

		public Retry {
			require(attempts >= 1, "logbatch.retry.attempts", "must be at least 1, was " + attempts);
			require(!backoff.isNegative(), "logbatch.retry.backoff", "must not be negative, was " + backoff);
		}

	}

	/**
	 * @param suffix appended to the source topic name
	 * @param maxRedrives a dead letter redriven this often stays in the DLT
	 */
	public record Dlt(@DefaultValue("-dlt") String suffix, @DefaultValue("3") int maxRedrives) {

		public Dlt {
			require(!suffix.isEmpty(), "logbatch.dlt.suffix", "must not be empty");
			require(maxRedrives >= 1, "logbatch.dlt.max-redrives", "must be at least 1, was " + maxRedrives);
		}

	}

	/**
	 * @param cron a Spring cron expression (second, minute, hour, day of month, month, day of
	 * week), evaluated in the JVM's time zone
	 */
	public record Schedule(@DefaultValue("0 */5 * * * *") String cron) {

		public Schedule {
			require(CronExpression.isValidExpression(cron), "logbatch.schedule.cron",
					"must be a cron expression of six fields (second minute hour day month weekday), was '" + cron
							+ "'");
		}

	}

	/**
	 * @param webhookUrl an http or https URL that receives a JSON run summary when a run
	 * dead-letters records; null for none
	 * @param timeout the longest wait to connect to the webhook, and then for its answer
	 * @param attempts tries of the webhook, the first included, a second apart
	 */
	public record Alert(@Nullable String webhookUrl, @DefaultValue("5s") Duration timeout,
			@DefaultValue("3") int attempts) {

		public Alert {
			require(webhookUrl == null || webhookUrl.isBlank() || isHttpUrl(webhookUrl), "logbatch.alert.webhook-url",
					"must be an http or https URL, was '" + webhookUrl + "'");
			require(!timeout.isNegative() && !timeout.isZero(), "logbatch.alert.timeout",
					"must be positive, was " + timeout);
			require(attempts >= 1, "logbatch.alert.attempts", "must be at least 1, was " + attempts);
		}

		/** The webhook, if one is set. */
		public @Nullable URI webhook() {
			return (this.webhookUrl == null || this.webhookUrl.isBlank()) ? null : URI.create(this.webhookUrl.trim());
		}

		private static boolean isHttpUrl(String url) {
			try {
				URI uri = new URI(url.trim());
				return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
						&& uri.getHost() != null;
			}
			catch (URISyntaxException ex) {
				return false;
			}
		}

	}

	/**
	 * @param requestTopic the topic that carries partition requests from a run to the workers;
	 * null for {@code <group-id>-partition-requests}
	 * @param requestPartitions partitions of the request topic when logbatch creates it: at most
	 * this many worker processes of a group get work
	 * @param workerTimeout how long a run waits for a worker to serve its group, before it fails
	 * the partitions no worker took
	 */
	public record Remote(@Nullable String requestTopic, @DefaultValue("16") int requestPartitions,
			@DefaultValue("60s") Duration workerTimeout) {

		public Remote {
			require(requestTopic == null || requestTopic.matches(TOPIC_NAME), "logbatch.remote.request-topic",
					"must be a Kafka topic name (letters, digits, '.', '_', '-'), was '" + requestTopic + "'");
			require(requestPartitions >= 1, "logbatch.remote.request-partitions",
					"must be at least 1, was " + requestPartitions);
			require(!workerTimeout.isNegative() && !workerTimeout.isZero(), "logbatch.remote.worker-timeout",
					"must be positive, was " + workerTimeout);
		}

	}

	/** The topic that carries a group's partition requests to its workers. */
	public String requestTopic() {
		if (this.remote.requestTopic() != null) {
			return this.remote.requestTopic();
		}
		return this.groupId + REQUEST_TOPIC_SUFFIX;
	}

	/** The consumer group of a group's worker processes, on the request topic. */
	public String workerGroupId() {
		return this.groupId + "-workers";
	}

	/** Where a run's partitions are processed. */
	public enum Workers {

		/** On {@code logbatch.concurrency} threads of the process that runs the job. */
		LOCAL,
		/** In {@code worker} processes, on any machine, through Spring Batch remote partitioning. */
		REMOTE

	}

	/**
	 * Formats are kept as their configured names and checked here, so that an unknown one fails binding
	 * with the key and the known names instead of an enum conversion message. A format's own keys are
	 * checked and compiled here too, so that a bad one exits 2 before anything runs. A topic that sets its
	 * own {@code format} takes none of the default level's keys: its settings replace them as a whole.
	 *
	 * @param format the format of every source topic without its own
	 * @param messageFormat json only: the format of the line in the object's message
	 * @param pattern format pattern (or message-format pattern): a Java regular expression with named groups
	 * @param timestampFormat a {@code java.time} pattern for the pattern's timestamp groups
	 * @param zone the zone of a timestamp without offset; UTC when not set
	 * @param topics per topic, by name ({@code logbatch.input.topics.[a.b].format}: brackets keep dots)
	 */
	public record Input(@DefaultValue("json") String format, @Nullable String messageFormat,
			@Nullable String pattern, @Nullable String timestampFormat, @Nullable String zone,
			@Nullable Map<String, Topic> topics) {

		private static final String PREFIX = "logbatch.input.";

		public Input {
			require(InputFormat.named(format) != null, "logbatch.input.format",
					"must be one of " + InputFormat.names() + ", was '" + format + "'");
			topics = (topics != null) ? Map.copyOf(topics) : Map.of();
			topics.forEach((topic, settings) -> require(
					settings.format() == null || InputFormat.named(settings.format()) != null,
					"logbatch.input.topics.[" + topic + "].format",
					"must be one of " + InputFormat.names() + ", was '" + settings.format() + "'"));
			new FormatSettings(messageFormat, pattern, timestampFormat, zone).check(named(format), PREFIX);
			topics.forEach(Input::checkTopic);
		}

		private static void checkTopic(String topic, Topic settings) {
			String prefix = PREFIX + "topics.[" + topic + "].";
			FormatSettings own = settings.settings();
			if (settings.format() == null) {
				require(own.isEmpty(), prefix + firstKey(own), "needs " + prefix + "format beside it: a topic's "
						+ "settings replace the default ones only together with its own format");
				return;
			}
			own.check(named(settings.format()), prefix);
		}

		private static String firstKey(FormatSettings settings) {
			return (settings.messageFormat() != null) ? "message-format"
					: (settings.pattern() != null) ? "pattern"
							: (settings.timestampFormat() != null) ? "timestamp-format" : "zone";
		}

		private static InputFormat named(String name) {
			InputFormat format = InputFormat.named(name);
			if (format == null) {
				throw new IllegalStateException("checked when bound: " + name);
			}
			return format;
		}

		/** The format of a source topic: its own, else {@code logbatch.input.format}. */
		public InputFormat formatOf(String topic) {
			Topic settings = (this.topics != null) ? this.topics.get(topic) : null;
			return named((settings != null && settings.format() != null) ? settings.format() : this.format);
		}

		/**
		 * The parser of a source topic's records: its format ({@link #formatOf}) with the topic's settings.
		 * The job's partition step and the {@code parse} command both get their parser here.
		 * @param fallback what an event without an id becomes
		 * @param maxRecordBytes the largest accepted record value in bytes
		 */
		public RecordParser parserOf(String topic, EventIdFallback fallback, int maxRecordBytes) {
			return parserOf(topic, formatOf(topic), fallback, maxRecordBytes);
		}

		/**
		 * The parser of a topic's records read as a given format, with the topic's format keys when it is the
		 * topic's own format and without any otherwise: {@code parse --format}.
		 * @param topic the topic whose format settings apply
		 * @param format the format to read its records as
		 * @param fallback what an event without an id becomes
		 * @param maxRecordBytes the largest accepted record value in bytes
		 */
		public RecordParser parserOf(String topic, InputFormat format, EventIdFallback fallback,
				int maxRecordBytes) {
			// another format cannot be expected to read the keys of the topic's own
			FormatSettings settings = (format == formatOf(topic)) ? settingsOf(topic) : FormatSettings.NONE;
			return format.parser(settings, fallback, maxRecordBytes);
		}

		/**
		 * The keys of a source topic's format: the topic's own when it sets its format, else the default
		 * level's.
		 */
		public FormatSettings settingsOf(String topic) {
			Topic settings = (this.topics != null) ? this.topics.get(topic) : null;
			if (settings != null && settings.format() != null) {
				return settings.settings();
			}
			return new FormatSettings(this.messageFormat, this.pattern, this.timestampFormat, this.zone);
		}

		/**
		 * @param format this topic's format; null for {@code logbatch.input.format} and its keys
		 * @param messageFormat json only: the format of the line in the object's message
		 * @param pattern format pattern (or message-format pattern): the regular expression
		 * @param timestampFormat a {@code java.time} pattern for the pattern's timestamp groups
		 * @param zone the zone of a timestamp without offset; UTC when not set
		 */
		public record Topic(@Nullable String format, @Nullable String messageFormat, @Nullable String pattern,
				@Nullable String timestampFormat, @Nullable String zone) {

			FormatSettings settings() {
				return new FormatSettings(this.messageFormat, this.pattern, this.timestampFormat, this.zone);
			}

		}

	}

	/**
	 * The log store's keeping. Both retentions count whole UTC days, as the store is partitioned by day: a
	 * day is dropped (its partition, its rollup rows) once it ended longer ago than the retention, so an
	 * event is kept at least the retention and at most a day longer. A number without a unit is days;
	 * {@code 30d}, {@code 36h} and {@code P30D} work too. Less than a day is refused: most likely a
	 * mistyped unit, it would drop yesterday's events, arriving or stored, within hours.
	 *
	 * @param retention how long events are kept; null keeps them forever
	 * @param rollupRetention how long the rows of {@code log_rollup} are kept
	 * @param indexAttributes whether every partition gets a GIN index on {@code attributes}
	 */
	public record Store(@DurationUnit(ChronoUnit.DAYS) @Nullable Duration retention,
			@DurationUnit(ChronoUnit.DAYS) @DefaultValue("400d") Duration rollupRetention,
			@DefaultValue("false") boolean indexAttributes) {

		private static final Duration DAY = Duration.ofDays(1);

		public Store {
			if (retention != null) {
				require(retention.compareTo(DAY) >= 0, "logbatch.store.retention",
						"must be at least 1d: partitions hold whole days, was " + describe(retention));
			}
			require(rollupRetention.compareTo(DAY) >= 0, "logbatch.store.rollup-retention",
					"must be at least 1d: rollups are kept by whole days, was " + describe(rollupRetention));
		}

		/**
		 * The start of the oldest day that {@code retention} keeps at {@code now}: events before it are
		 * expired, and so is every partition that ends at or before it. Null without a retention.
		 */
		public @Nullable Instant keptFrom(Instant now) {
			return (this.retention != null) ? startOfDay(now.minus(this.retention)) : null;
		}

		/** The start of the oldest day whose rollup rows {@code rollupRetention} keeps at {@code now}. */
		public Instant rollupsKeptFrom(Instant now) {
			return startOfDay(now.minus(this.rollupRetention));
		}

		/** A duration as it is written in the settings: {@code 30d}, {@code 36h}, {@code 90m}, {@code 5s}. */
		public static String describe(Duration duration) {
			long seconds = duration.getSeconds();
			if (duration.getNano() != 0 || seconds == 0) {
				return duration.toMillis() + "ms";
			}
			if (seconds % 86_400 == 0) {
				return seconds / 86_400 + "d";
			}
			if (seconds % 3_600 == 0) {
				return seconds / 3_600 + "h";
			}
			return (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
		}

		private static Instant startOfDay(Instant instant) {
			return instant.truncatedTo(ChronoUnit.DAYS);
		}

	}

	/** @param fallback what an event without an id becomes */
	public record EventId(@DefaultValue("content-hash") EventIdFallback fallback) {
	}

	/** Which version of an event id is kept. */
	public enum WriteMode {

		/** The first version stored wins. */
		INSERT,
		/** The version with the latest {@code published_at} wins. */
		UPSERT

	}

	/** When a chunk's offsets commit relative to its write. */
	public enum Delivery {

		/** Offsets commit with the chunk's rows; failures are retried, then dead-lettered. */
		AT_LEAST_ONCE,
		/** Offsets commit before the chunk is written; failures are logged and dropped. */
		AT_MOST_ONCE

	}

}
