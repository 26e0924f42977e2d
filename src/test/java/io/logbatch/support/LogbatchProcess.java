package io.logbatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * logbatch as a user's cron starts it: {@code java -jar target/logbatch.jar COMMAND ...}, or the
 * distribution's extracted jar from a class-data archive, in a child process of its own, which a
 * test can kill (SIGKILL), signal, and wait for. Its standard output and error go to a file that
 * the test reads.
 */
public final class LogbatchProcess implements AutoCloseable {

	private final Process process;

	private final Path output;

	/**
	 * A build started from a background job of a non-interactive shell inherits SIGINT as
	 * ignored, passes that on to every child, and a JVM cannot handle a signal it was started
	 * ignoring: a test's SIGINT would never arrive. GNU env's {@code --default-signal} gives the
	 * child the default disposition, as a terminal's Ctrl-C finds it; where env lacks the option
	 * the child starts as the build was started.
	 */
	private static final List<String> DEFAULT_SIGINT = defaultSigint();

	private LogbatchProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** {@code java -jar target/logbatch.jar ARGS}: the bare jar, as README runs it. */
	static LogbatchProcess start(List<String> arguments) {
		Path jar = builtJar("logbatch.jar", "target/logbatch.jar");
		List<String> command = new ArrayList<>(javaWithOptions());
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(arguments);
		return launch(command);
	}

	/**
	 * {@code java -jar target/extracted/logbatch.jar ARGS} from a {@link ClassDataArchive}: the
	 * distribution's {@code lib/logbatch.jar} as its {@code bin/logbatch} starts it, for tests that
	 * start the application many times.
	 */
	static LogbatchProcess startFromArchive(List<String> arguments) {
		Path jar = builtJar("logbatch.extracted-jar", "target/extracted/logbatch.jar");
		List<String> command = new ArrayList<>(javaWithOptions());
		command.addAll(ClassDataArchive.options(jar, javaWithOptions()));
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(arguments);
		return launch(command);
	}

	private static Path builtJar(String property, String defaultPath) {
		Path jar = Path.of(System.getProperty(property, defaultPath));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: the process tests run after 'package' ("
					+ "./mvnw verify)");
		}
		return jar;
	}

	/** The JVM and the options that every child runs with. */
	static List<String> javaWithOptions() {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
				"-XX:TieredStopAtLevel=1");
	}

	/** Starts the command, its standard output and error to one file, SIGINT at its default. */
	static LogbatchProcess launch(List<String> javaCommand) {
		List<String> command = new ArrayList<>(DEFAULT_SIGINT);
		command.addAll(javaCommand);
		try {
			Path output = Files.createTempFile("logbatch-process-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			return new LogbatchProcess(process, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> defaultSigint() {
		List<String> env = List.of("env", "--default-signal=INT");
		try {
			List<String> probe = new ArrayList<>(env);
			probe.add("true");
			return (new ProcessBuilder(probe).start().waitFor() == 0) ? env : List.of();
		}
		catch (IOException ex) {
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/** Waits for the process to end and returns its exit code; kills it if it does not end. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			kill();
			throw new AssertionError("logbatch did not end within " + timeout + "; its output:\n" + output());
		}
		return this.process.exitValue();
	}

	/** kill -9: the process ends at once, in whatever it was doing. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	/** Sends SIGTERM (or another signal by name, such as INT) and returns at once. */
	public void signal(String name) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
	}

	/**
	 * Whether the process ignores SIGINT, as a process started from a background job of a
	 * non-interactive shell does: a SIGINT sent to it is lost. Linux only: false elsewhere.
	 */
	public boolean ignoresSigint() throws IOException {
		Path status = Path.of("/proc", Long.toString(pid()), "status");
		if (!Files.isReadable(status)) {
			return false;
		}
		return Files.readAllLines(status)
			.stream()
			.filter((line) -> line.startsWith("SigIgn:"))
			.map((line) -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
			.anyMatch((ignored) -> (ignored & (1L << (2 - 1))) != 0);
	}

	/** Waits until the output contains a text. */
	public void awaitOutput(String text, Duration timeout) {
		try {
			Awaitility.await().atMost(timeout).until(() -> output().contains(text) || !this.process.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("logbatch did not print '" + text + "' within " + timeout + "; its output:\n"
					+ output(), ex);
		}
		if (!output().contains(text)) {
			throw new AssertionError("logbatch ended without printing '" + text + "'; its output:\n" + output());
		}
	}

	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			kill();
		}
		Files.deleteIfExists(this.output);
	}

}
