package io.logbatch.cli;

/**
 * A command that needs no application: it reads no configuration and connects to nothing, so it
 * runs at once, also where no broker or database is reachable.
 */
interface StandaloneCommand {

	/** Does the command's work and returns its exit code. */
	int execute();

}
