package io.logbatch.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.Logbatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The meters a run leaves in the application's registry, and the lag that {@code status} shows. */
class MetricsTests {

	private static final Duration RUN = Duration.ofSeconds(60);

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void countsRecordsByOutcomeAndReasonAndRecordsSpringBatchMetrics() throws Exception {
		// given 15 events, 5 of them twice, and two bad records
		String topic = Kafka.uniqueTopic("metrics");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		// (an event is its id and its time: the repeated ones carry the same time)
		Kafka.sendAll(topic, 0, timedEvents(0, 10));
		Kafka.sendAll(topic, 1, timedEvents(5, 10));
		Kafka.sendAll(topic, 1, List.of("not json", """
				{"event_id":"t","@timestamp":"never"}"""));
		Logbatch logbatch = Logbatch.forTopics(topic);

		try (ConfigurableApplicationContext context = logbatch.start()) {
			// when
			RunSummary summary = Logbatch.runIn(context);

			// then
			assertThat(summary.status()).isEqualTo("COMPLETED");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(records(registry, topic, "written", "none")).isEqualTo(15);
			assertThat(records(registry, topic, "duplicate", "none")).isEqualTo(5);
			assertThat(records(registry, topic, "dead_lettered", "not-json-object")).isEqualTo(1);
			assertThat(records(registry, topic, "dead_lettered", "bad-timestamp")).isEqualTo(1);
			assertThat(registry.find(RecordMetrics.RECORDS).tag("outcome", "filtered").counter()).isNull();
			assertThat(lag(registry, topic, 0)).isZero();
			assertThat(lag(registry, topic, 1)).isZero();
			assertThat(summary.lag()).isZero();
			assertThat(registry.get("spring.batch.job").timer().count()).isEqualTo(1);
			assertThat(registry.get("spring.batch.step").tag("spring.batch.step.name", "ingest").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("spring.batch.chunk.write").timers()).isNotEmpty();
			// the per-record observations are off: they cost as much as parsing the record
			assertThat(registry.find("spring.batch.item.read").timers()).isEmpty();
		}
	}

	@Test
	void theLagIsWhatArrivedDuringTheRunAndStatusShowsIt() throws Exception {
		// given a run held in its first chunk
		String topic = Kafka.uniqueTopic("lag");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 10);
		Logbatch logbatch = Logbatch.forTopics(topic);
		try (ConfigurableApplicationContext context = logbatch.start()) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<RunSummary> running;
			try (Faults.Trap trap = Faults.trapInsertOf("e-2")) {
				running = CompletableFuture.supplyAsync(() -> Logbatch.runIn(context));
				trap.awaitHeld(RUN);

				// when 7 records arrive after it captured its range
				Kafka.sendEvents(topic, 0, 10, 7);
			}
			RunSummary first = running.get(RUN.toSeconds(), TimeUnit.SECONDS);

			// then they are its lag
			assertThat(first.status()).isEqualTo("COMPLETED");
			assertThat(first.read()).isEqualTo(10);
			assertThat(first.lag()).isEqualTo(7);
			assertThat(lag(registry, topic, 0)).isEqualTo(7);
			CliResult status = logbatch.cli("status");
			assertThat(status.out().lines().findFirst().orElseThrow()).endsWith("RECORDS/S  LAG");
			assertThat(status.out()).containsPattern("(?m)^\\s*" + first.executionId() + "\\s.*\\s7$");
			JsonNode json = JsonMapper.builder().build().readTree(logbatch.cli("status", "--json").out());
			assertThat(json.get(0).get("lag").asLong()).isEqualTo(7);

			// when the next run reads them
			RunSummary second = Logbatch.runIn(context);

			// then the lag is gone and the counter has grown by them
			assertThat(second.lag()).isZero();
			assertThat(lag(registry, topic, 0)).isZero();
			assertThat(records(registry, topic, "written", "none")).isEqualTo(17);
		}
	}

	@Test
	void statusShowsNoLagForAnExecutionThatHasNone() {
		// given an execution that recorded no lag, as those before the lag was measured
		String topic = Kafka.uniqueTopic("no-lag");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Logbatch logbatch = Logbatch.forTopics(topic);
		assertThat(logbatch.cli("run").exitCode()).isZero();
		long id = Database.lastExecutionId();
		try (ConfigurableApplicationContext context = logbatch.start()) {
			JobRepository repository = context.getBean(JobRepository.class);
			JobExecution execution = repository.getJobExecution(id);
			assertThat(execution.getExecutionContext().remove("logbatch.lag")).isEqualTo(0L);
			repository.updateExecutionContext(execution);
		}

		// when
		CliResult status = logbatch.cli("status", "--limit", "1");

		// then
		assertThat(status.out()).containsPattern("(?m)^\\s*" + id + "\\s.*\\s-$");
	}

	@Test
	void runStartsNoWebServer() throws Exception {
		// given a port that schedule would listen on, and a run held mid-chunk
		int port = freeLoopbackPort();
		String topic = Kafka.uniqueTopic("no-port");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 3);
		Logbatch logbatch = Logbatch.forTopics(topic).with("server.port", Integer.toString(port))
			.with("server.address", "127.0.0.1");
		CompletableFuture<CliResult> running;
		try (Faults.Trap trap = Faults.trapInsertOf("e-1")) {
			running = CompletableFuture.supplyAsync(() -> logbatch.cli("run"));
			trap.awaitHeld(RUN);

			// then while it runs, nothing listens on the port
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
				}
			});
		}
		CliResult run = running.get(RUN.toSeconds(), TimeUnit.SECONDS);
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.err()).doesNotContain("Tomcat");
	}

	@Test
	void scheduleExitsTwoWhenItsPortIsTaken() throws Exception {
		// given
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Logbatch logbatch = Logbatch.forTopics("any")
				.with("server.address", "127.0.0.1")
				.with("server.port", Integer.toString(taken.getLocalPort()));

			// when
			CliResult schedule = logbatch.cli("schedule");

			// then
			assertThat(schedule.exitCode()).isEqualTo(2);
			assertThat(schedule.err())
				.contains("logbatch: configuration error: server.port " + taken.getLocalPort() + " is in use");
		}
	}

	private static double records(MeterRegistry registry, String topic, String outcome, String reason) {
		Counter counter = registry.find(RecordMetrics.RECORDS)
			.tags("topic", topic, "outcome", outcome, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double lag(MeterRegistry registry, String topic, int partition) {
		Gauge gauge = registry.get(RecordMetrics.LAG).tags("topic", topic, "partition", Integer.toString(partition))
			.gauge();
		return gauge.value();
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static List<String> timedEvents(int from, int count) {
		List<String> events = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			events.add("{\"event_id\":\"e-%d\",\"@timestamp\":\"2026-11-25T10:00:%02dZ\"}".formatted(i, i));
		}
		return events;
	}

}
