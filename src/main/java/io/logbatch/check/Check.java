package io.logbatch.check;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one check: what was checked ({@code brokers}, {@code topic logs}, ...), how it
 * stands, what was found, and for a FAIL (and some WARNs) what to do about it.
 *
 * @param name what was checked, as the output's line names it
 * @param status how it stands
 * @param message what was found, one sentence or a few
 * @param fix what to do, or null when there is nothing to do
 */
public record Check(String name, Status status, String message, @Nullable String fix) {

	static Check ok(String name, String message) {
		return new Check(name, Status.OK, message, null);
	}

	static Check warn(String name, String message, @Nullable String fix) {
		return new Check(name, Status.WARN, message, fix);
	}

	static Check fail(String name, String message, String fix) {
		return new Check(name, Status.FAIL, message, fix);
	}

	/** {@code 1 partition}, {@code 2 partitions}. */
	static String counted(long count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/** How a check stands: a run can go ahead (OK), goes ahead with a consequence (WARN), or fails (FAIL). */
	public enum Status {

		OK, WARN, FAIL

	}

}
