package io.logbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * SPEC: Kafka or PostgreSQL unreachable, the command exits 1 within 60 s with one line naming
 * the servers it could not reach, and logs no more than a few lines a second while it tries.
 */
class UnreachableServersTests {

	/** SPEC's bound on how long a run may try servers that cannot be reached. */
	private static final Duration SPEC_BOUND = Duration.ofSeconds(60);

	/** A few lines a second over the SPEC's bound, and far below a client logging each attempt. */
	private static final int MOST_LINES = 100;

	@BeforeEach
	void resetDatabase() {
		Database.reset();
	}

	@Test
	void runExitsOneNamingTheBrokersWhenKafkaIsUnreachable() throws IOException {
		// given
		String topic = Kafka.uniqueTopic("unreachable");
		String brokers = "127.0.0.1:" + closedLoopbackPort();
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.kafka.bootstrap-servers", brokers);

		// when
		Captured run = assertTimeoutPreemptively(SPEC_BOUND, () -> cliWithLogs(logbatch, "run"));

		// then
		assertThat(run.result().exitCode()).as(run.all()).isEqualTo(1);
		assertThat(run.result().err().strip()).as(run.all()).hasLineCount(1).contains(brokers);
		assertThat(run.lines()).as(run.all()).isLessThan(MOST_LINES);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dlt inspect", "dlt redrive" })
	void deadLetterCommandsExitOneNamingTheBrokersWhenKafkaIsUnreachable(String command) throws IOException {
		// given
		String topic = Kafka.uniqueTopic("unreachable-dlt");
		String brokers = "127.0.0.1:" + closedLoopbackPort();
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.kafka.bootstrap-servers", brokers);

		// when
		Captured dlt = assertTimeoutPreemptively(SPEC_BOUND, () -> cliWithLogs(logbatch, command.split(" ")));

		// then
		assertThat(dlt.result().exitCode()).as(dlt.all()).isEqualTo(1);
		assertThat(dlt.result().err().strip()).as(dlt.all()).hasLineCount(1).contains(brokers);
		assertThat(dlt.lines()).as(dlt.all()).isLessThan(MOST_LINES);
	}

	@Test
	void runExitsOneNamingTheDatabaseWithoutItsPasswordWhenPostgresqlIsUnreachable() throws IOException {
		// given
		int port = closedLoopbackPort();
		Logbatch logbatch = Logbatch.forTopics(Kafka.uniqueTopic("unreachable"))
			.with("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/logbatch?password=secret-pw");

		// when
		Captured run = assertTimeoutPreemptively(SPEC_BOUND, () -> cliWithLogs(logbatch, "run"));

		// then
		assertThat(run.result().exitCode()).as(run.all()).isEqualTo(1);
		assertThat(run.result().err().strip()).as(run.all())
			.hasLineCount(1)
			.contains("PostgreSQL at 127.0.0.1:" + port + "/logbatch");
		assertThat(run.all()).doesNotContain("secret-pw");
		assertThat(run.lines()).as(run.all()).isLessThan(MOST_LINES);
	}

	/**
	 * The command line, with the log lines that it writes to standard error as well: in a
	 * test, the console appender writes to whatever {@code System.err} is at the time.
	 */
	private static Captured cliWithLogs(Logbatch logbatch, String... commandAndArgs) {
		LogCapture logs = new LogCapture();
		PrintStream originalErr = System.err;
		CliResult result;
		try (PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8)) {
			System.setErr(capture);
			result = logbatch.cli(commandAndArgs);
		}
		finally {
			System.setErr(originalErr);
		}
		return new Captured(result, logs.toString(StandardCharsets.UTF_8), logs.lines);
	}

	/** A loopback port that nothing listens on: connections to it are refused. */
	private static int closedLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Counts every log line, keeps the first ones: a client logging each attempt writes hundreds of MiB. */
	private static final class LogCapture extends ByteArrayOutputStream {

		private static final int KEPT = 64 * 1024;

		private long lines;

		@Override
		public synchronized void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (bytes[i] == '\n') {
					this.lines++;
				}
			}
			int kept = Math.max(0, Math.min(length, KEPT - size()));
			super.write(bytes, offset, kept);
		}

	}

	private record Captured(CliResult result, String logs, long logLines) {

		String all() {
			return this.result.out() + this.result.err() + this.logs;
		}

		long lines() {
			return this.result.out().lines().count() + this.result.err().lines().count() + this.logLines;
		}

	}

}
