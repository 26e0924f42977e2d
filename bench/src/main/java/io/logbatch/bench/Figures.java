package io.logbatch.bench;

/**
 * One row of the result table; {@link Double#NaN} where a figure does not apply.
 *
 * @param contender what ran
 * @param recordsPerSecond corpus records (or, for COPY, rows) per second of the job's duration
 * @param recordsPerSecondToLastWrite corpus records per second from the job's start to its last
 * committed row
 * @param megabytesPerSecond record value bytes (10^6) per second of the job's duration
 * @param cpuSecondsPerMillion the job JVM's CPU seconds (user + system) per million corpus records
 * @param peakRssMebibytes the job JVM's peak resident set
 * @param lastWriteToExitMillis from the commit of the last row to the end of the process
 * @param jobSeconds the job's duration: Spring Batch's end time minus its start time (for COPY, the
 * load's)
 * @param wallSeconds from starting the process to its end, JVM start included
 * @param otherCpuPercent the CPU time of processes that are not the benchmark's during the run, in
 * percent of all cores' time: above a few percent, another job shared the machine
 * @param verdict its correctness checks
 */
record Figures(String contender, double recordsPerSecond, double recordsPerSecondToLastWrite,
		double megabytesPerSecond, double cpuSecondsPerMillion, double peakRssMebibytes, double lastWriteToExitMillis,
		double jobSeconds, double wallSeconds, double otherCpuPercent, Verdict verdict) {

	static Figures ofCopy(String contender, long rows, long valueBytes, double seconds, double otherCpuSeconds,
			Verdict verdict) {
		return new Figures(contender, rows / seconds, Double.NaN, valueBytes / 1e6 / seconds, Double.NaN, Double.NaN,
				Double.NaN, seconds, seconds, percentOfMachine(otherCpuSeconds, seconds), verdict);
	}

	/** The same figures under another name. */
	Figures named(String name) {
		return new Figures(name, this.recordsPerSecond, this.recordsPerSecondToLastWrite, this.megabytesPerSecond,
				this.cpuSecondsPerMillion, this.peakRssMebibytes, this.lastWriteToExitMillis, this.jobSeconds,
				this.wallSeconds, this.otherCpuPercent, this.verdict);
	}

	static double percentOfMachine(double cpuSeconds, double wallSeconds) {
		return cpuSeconds * 100 / (wallSeconds * Runtime.getRuntime().availableProcessors());
	}

}
