package io.logbatch.cli;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.logbatch.report.PartitionOutcome;
import io.logbatch.report.RunSummary;
import io.logbatch.support.Database;
import io.logbatch.support.Faults;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.Logbatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The run summary's and status's per-partition progress, and the worker that ran each partition. */
class PartitionProgressTests {

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@AfterEach
	void removeFaults() {
		Faults.clear();
	}

	@Test
	void runPrintsALinePerPartitionWithItsCountsProgressAndWorkerAfterTheSummary() {
		// given a duplicate and a bad record in partition 0, five events in partition 1
		String topic = Kafka.uniqueTopic("per-partition");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		// an event is its id and its time: the duplicate carries the same time
		String event = "{\"event_id\":\"a\",\"@timestamp\":\"2026-11-25T10:00:00Z\"}";
		Kafka.sendAll(topic, 0, List.of(event, event, "oops"));
		Kafka.sendEvents(topic, 1, 0, 5);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.worker-name", "host-a");

		// when
		CliResult run = logbatch.cli("run");

		// then the summary line is as before, and each partition follows it, in order
		assertThat(run.exitCode()).as(run.err()).isZero();
		List<String> lines = run.out().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).matches("Run \\d+ COMPLETED: 8 read, 6 written, 1 duplicates, 0 filtered, "
				+ "1 dead-lettered in \\d+\\.\\d{3} s \\(\\d+ records/s\\), lag 0");
		assertThat(lines.get(1)).isEqualTo("  " + topic + "-0 COMPLETED 3 read, 1 written, 1 duplicates, "
				+ "0 filtered, 1 dead-lettered, offset 3 of 3 (100%), worker host-a");
		assertThat(lines.get(2)).isEqualTo("  " + topic + "-1 COMPLETED 5 read, 5 written, 0 duplicates, "
				+ "0 filtered, 0 dead-lettered, offset 5 of 5 (100%), worker host-a");
	}

	@Test
	void aPartitionsWorkerIsItsHostAndProcessIdUnlessNamed() throws Exception {
		// given
		String topic = Kafka.uniqueTopic("default-worker");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendEvents(topic, 0, 0, 3);
		Kafka.sendEvents(topic, 1, 100, 4);

		// when
		CliResult run = Logbatch.forTopics(topic).cli("run");

		// then the command ran in this JVM
		String worker = InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
		assertThat(run.out().lines().skip(1)).containsExactly(
				"  " + topic + "-0 COMPLETED 3 read, 3 written, 0 duplicates, 0 filtered, 0 dead-lettered, "
						+ "offset 3 of 3 (100%), worker " + worker,
				"  " + topic + "-1 COMPLETED 4 read, 4 written, 0 duplicates, 0 filtered, 0 dead-lettered, "
						+ "offset 4 of 4 (100%), worker " + worker);
	}

	@Test
	void statusListsTheExecutionsPartitionsWithTheirWorkerAsATableAndAsJson() {
		// given
		String topic = Kafka.uniqueTopic("status-partitions");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		// an event is its id and its time: the duplicate carries the same time
		String event = "{\"event_id\":\"a\",\"@timestamp\":\"2026-11-25T10:00:00Z\"}";
		Kafka.sendAll(topic, 0, List.of(event, event, "oops"));
		Kafka.sendEvents(topic, 1, 0, 5);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.worker-name", "host-b");
		logbatch.cli("run");
		long id = Database.lastExecutionId();

		// when
		CliResult plain = logbatch.cli("status", "--limit", "1");
		CliResult table = logbatch.cli("status", "--limit", "1", "--partitions");
		CliResult json = logbatch.cli("status", "--limit", "1", "--json");

		// then the default table is as before, and --partitions adds a table under the execution's row
		assertThat(plain.out().lines()).hasSize(2);
		List<String> lines = table.out().lines().toList();
		assertThat(lines).hasSize(5);
		assertThat(lines.subList(0, 2)).isEqualTo(plain.out().lines().toList());
		assertThat(lines.get(2)).startsWith("    PARTITION").containsSubsequence("STATUS", "WORKER", "START", "END",
				"READ", "WRITTEN", "DUPLICATES", "DEAD-LETTERED", "PROGRESS");
		assertThat(lines.get(3)).matches("    " + topic + "-0\\s+COMPLETED\\s+host-b\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+"
				+ "3\\s+1\\s+1\\s+1\\s+3/3 \\(100%\\)");
		assertThat(lines.get(4)).matches("    " + topic + "-1\\s+COMPLETED\\s+host-b\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+"
				+ "5\\s+5\\s+0\\s+0\\s+5/5 \\(100%\\)");
		JsonNode row = JsonMapper.builder().build().readTree(json.out()).get(0);
		assertThat(row.get("id").asLong()).isEqualTo(id);
		JsonNode partitions = row.get("partitions");
		assertThat(partitions.size()).isEqualTo(2);
		JsonNode first = partitions.get(0);
		assertThat(first.get("topic").asString()).isEqualTo(topic);
		assertThat(first.get("partition").asInt()).isZero();
		assertThat(first.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(first.get("worker").asString()).isEqualTo("host-b");
		assertThat(first.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*([+-]\\d\\d:\\d\\d|Z)");
		assertThat(first.get("end").isNull()).isFalse();
		assertThat(first.get("read").asLong()).isEqualTo(3);
		assertThat(first.get("written").asLong()).isEqualTo(1);
		assertThat(first.get("duplicates").asLong()).isEqualTo(1);
		assertThat(first.get("deadLettered").asLong()).isEqualTo(1);
		assertThat(first.get("startOffset").asLong()).isZero();
		assertThat(first.get("nextOffset").asLong()).isEqualTo(3);
		assertThat(first.get("endOffset").asLong()).isEqualTo(3);
		assertThat(first.get("percent").asInt()).isEqualTo(100);
		assertThat(partitions.get(1).get("partition").asInt()).isEqualTo(1);
		assertThat(partitions.get(1).get("nextOffset").asLong()).isEqualTo(5);
	}

	@Test
	void statusShowsTheWorkerOfAPartitionStillInItsFirstChunkAndItsProgressAsItCommits() throws Exception {
		// given a run held in the first chunk of its only partition
		String topic = Kafka.uniqueTopic("live-partition");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Kafka.sendEvents(topic, 0, 0, 40);
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10")
			.with("logbatch.worker-name", "host-c");
		CompletableFuture<RunSummary> run;
		CliResult first;
		try (Faults.Trap trap = Faults.trapInsertOf("e-5")) {
			run = logbatch.runInBackground();
			trap.awaitHeld(Duration.ofSeconds(60));

			// when
			first = logbatch.cli("status", "--limit", "1", "--partitions");
		}

		// then the partition shows who runs it before it committed anything
		assertThat(first.out()).containsPattern("    " + topic + "-0\\s+STARTED\\s+host-c\\s+\\S+ \\S+\\s+-\\s+"
				+ "\\d+\\s+0\\s+0\\s+0\\s+0/40 \\(0%\\)");

		// and when the run goes on to its end
		RunSummary summary = run.get();

		// then
		assertThat(summary.partitions()).singleElement().satisfies((partition) -> {
			assertThat(partition.status()).isEqualTo("COMPLETED");
			assertThat(partition.worker()).isEqualTo("host-c");
			assertThat(partition.offsets()).isEqualTo(new PartitionOutcome.Offsets(0, 40, 40));
		});
	}

	@Test
	void aRestartsSummaryShowsOnlyThePartitionsItRanEachWithItsOwnWorker() {
		// given a run whose partition 1 fails after its first chunk, on worker host-d
		String topic = Kafka.uniqueTopic("restart-partitions");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendEvents(topic, 0, 0, 20);
		Kafka.sendEvents(topic, 1, 100, 20);
		Faults.failInserts("40P01", 1000, "NEW.source_partition = 1 AND NEW.source_offset >= 10");
		Logbatch logbatch = Logbatch.forTopics(topic).with("logbatch.chunk-size", "10");
		CliResult failed = logbatch.with("logbatch.worker-name", "host-d").cli("run");
		long failedId = Database.lastExecutionId();
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.out()).contains("  " + topic + "-0 COMPLETED 20 read, 20 written, 0 duplicates, "
				+ "0 filtered, 0 dead-lettered, offset 20 of 20 (100%), worker host-d")
			.containsPattern("  " + topic + "-1 FAILED \\d+ read, 10 written, 0 duplicates, 0 filtered, "
					+ "0 dead-lettered, offset 10 of 20 \\(50%\\), worker host-d");

		// when the database recovers and the execution restarts on worker host-e
		Faults.clear();
		CliResult restarted = logbatch.with("logbatch.worker-name", "host-e").cli("restart", Long.toString(failedId));

		// then its summary has the one partition it ran
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out().lines().skip(1)).containsExactly("  " + topic + "-1 COMPLETED 10 read, "
				+ "10 written, 0 duplicates, 0 filtered, 0 dead-lettered, offset 20 of 20 (100%), worker host-e");

		// and status keeps what each execution ran, and where, each against the run's range
		String status = logbatch.cli("status", "--limit", "2", "--partitions").out();
		assertThat(status).containsPattern("    " + topic + "-1\\s+COMPLETED\\s+host-e\\s+.*\\s20/20 \\(100%\\)")
			.containsPattern("    " + topic + "-1\\s+FAILED\\s+host-d\\s+.*\\s10/20 \\(50%\\)")
			.containsPattern("    " + topic + "-0\\s+COMPLETED\\s+host-d\\s+.*\\s20/20 \\(100%\\)");
		assertThat(status.lines().filter((line) -> line.startsWith("    " + topic))).hasSize(3);
	}

}
