package io.logbatch.cli;

/** The exit codes of SPEC, one meaning each. */
final class ExitCodes {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	/** Another run of the same consumer group holds the run lock: nothing was done. */
	static final int LOCKED = 3;

	private ExitCodes() {
	}

}
