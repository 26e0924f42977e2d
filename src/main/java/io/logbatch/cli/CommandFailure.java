package io.logbatch.cli;

/** Ends a command with an exit code and a one-line message for the user. */
class CommandFailure extends RuntimeException {

	private final int exitCode;

	CommandFailure(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

}
