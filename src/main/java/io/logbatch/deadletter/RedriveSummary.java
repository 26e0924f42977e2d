package io.logbatch.deadletter;

import io.logbatch.deadletter.Redrive.Outcome;

/**
 * What one {@code dlt redrive} did, counted by outcome.
 *
 * @param dryRun whether nothing was changed
 * @param maxRedrives {@code logbatch.dlt.max-redrives}
 * @param redriven republished (in a dry run: would be)
 * @param atLimit left in the DLT at the redrive limit
 * @param noOrigin left in the DLT: no original topic, partition and offset
 * @param alreadyRedriven republished before, or another copy of one republished now
 * @param notMatching left in the DLT for a later redrive: the filters did not match
 */
public record RedriveSummary(boolean dryRun, int maxRedrives, int redriven, int atLimit, int noOrigin,
		int alreadyRedriven, int notMatching) {

	static RedriveSummary empty(boolean dryRun, int maxRedrives) {
		return new RedriveSummary(dryRun, maxRedrives, 0, 0, 0, 0, 0);
	}

	RedriveSummary plus(Outcome outcome) {
		return new RedriveSummary(this.dryRun, this.maxRedrives,
				this.redriven + ((outcome == Outcome.REDRIVEN) ? 1 : 0),
				this.atLimit + ((outcome == Outcome.AT_LIMIT) ? 1 : 0),
				this.noOrigin + ((outcome == Outcome.NO_ORIGIN) ? 1 : 0),
				this.alreadyRedriven + ((outcome == Outcome.ALREADY_REDRIVEN) ? 1 : 0),
				this.notMatching + ((outcome == Outcome.NOT_MATCHING) ? 1 : 0));
	}

	/** One line for the operator. */
	public String describe() {
		StringBuilder line = new StringBuilder(this.dryRun ? "Dry run, nothing changed: would redrive " : "Redrove ");
		line.append(records(this.redriven));
		line.append("; ").append(this.atLimit).append(stay(this.atLimit))
			.append(" at the redrive limit (logbatch.dlt.max-redrives=").append(this.maxRedrives).append(')');
		if (this.noOrigin > 0) {
			line.append("; ").append(this.noOrigin).append(stay(this.noOrigin))
				.append(": no original topic in the headers");
		}
		line.append("; ").append(this.alreadyRedriven).append(" already redriven");
		if (this.notMatching > 0) {
			line.append("; ").append(this.notMatching).append(" not matching the filters")
				.append(stay(this.notMatching)).append(" for a later redrive");
		}
		return line.append('.').toString();
	}

	private static String records(int count) {
		return count + ((count == 1) ? " record" : " records");
	}

	private static String stay(int count) {
		return (count == 1) ? " stays" : " stay";
	}

}
