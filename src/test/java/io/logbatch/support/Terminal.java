package io.logbatch.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.logbatch.cli.Cli;

/**
 * The command line in this JVM as a user runs it from a terminal, for commands that need neither the test
 * broker nor the test database: standard input given, standard output and standard error captured whole
 * (the command line's error lines, what a command prints there, and the logs).
 */
public final class Terminal {

	private Terminal() {
	}

	/** {@code logbatch ARGS < standardInput}. */
	public static Result run(String standardInput, String... args) {
		InputStream originalIn = System.in;
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (PrintStream outCapture = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream errCapture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			System.setIn(new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8)));
			System.setOut(outCapture);
			System.setErr(errCapture);
			int exitCode = new Cli(errCapture).execute(args);
			return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setIn(originalIn);
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
	}

	/** What a command printed and returned. */
	public record Result(int exitCode, String out, String err) {
	}

}
