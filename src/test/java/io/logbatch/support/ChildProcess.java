package io.logbatch.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A program other than logbatch's jar (a shell, a launcher script, tar) in a child process with the
 * environment a test gives it and nothing else: run to its end with its standard input, or started for a
 * test that signals it. Standard output and error go to files, so that a chatty program never blocks.
 */
public final class ChildProcess {

	private final List<String> command;

	private final Map<String, String> environment = new LinkedHashMap<>();

	private @Nullable Path directory;

	private String input = "";

	private ChildProcess(List<String> command) {
		this.command = command;
	}

	/** The program and its arguments, with an empty environment until {@link #env} adds to it. */
	public static ChildProcess of(String... command) {
		return new ChildProcess(List.of(command));
	}

	/** The program and its arguments, with this JVM's environment. */
	public static ChildProcess inheriting(String... command) {
		ChildProcess process = new ChildProcess(List.of(command));
		process.environment.putAll(System.getenv());
		return process;
	}

	public ChildProcess env(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	public ChildProcess in(Path directory) {
		this.directory = directory;
		return this;
	}

	public ChildProcess input(String input) {
		this.input = input;
		return this;
	}

	/** Runs the program to its end; kills it and fails the test when it takes longer than {@code timeout}. */
	public Result run(Duration timeout) {
		try {
			Path out = Files.createTempFile("child-", ".out");
			Path err = Files.createTempFile("child-", ".err");
			try {
				Process process = builder().redirectOutput(out.toFile()).redirectError(err.toFile()).start();
				try (OutputStream stdin = process.getOutputStream()) {
					stdin.write(this.input.getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// the program ended without reading its input: its exit code and output say why
				}
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor();
					throw new AssertionError(this.command + " did not end within " + timeout + "; its output:\n"
							+ Files.readString(out) + Files.readString(err));
				}
				return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
						Files.readString(err, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(out);
				Files.deleteIfExists(err);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts the program with its standard input open and its output discarded; the caller ends it. */
	public Process start() {
		try {
			return builder().redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ProcessBuilder builder() {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(this.command));
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		if (this.directory != null) {
			builder.directory(this.directory.toFile());
		}
		return builder;
	}

	/** Whether a program of this name is on this JVM's PATH. */
	public static boolean installed(String program) {
		return which(program) != null;
	}

	/** The program of this name that this JVM's PATH finds first, or null. */
	public static @Nullable Path which(String program) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
				return Path.of(directory, program);
			}
		}
		return null;
	}

	/** What a program printed and returned. */
	public record Result(int exitCode, String out, String err) {

		/** Both outputs, for an assertion's description. */
		public String output() {
			return "exit code " + this.exitCode + "\nstandard output:\n" + this.out + "\nstandard error:\n" + this.err;
		}

	}

}
