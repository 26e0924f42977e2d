package io.logbatch.cli;

/** The exit codes of SPEC, one meaning each. */
final class ExitCodes {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	private ExitCodes() {
	}

}
