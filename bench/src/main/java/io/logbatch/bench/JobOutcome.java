package io.logbatch.bench;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logbatch.bench.BenchDatabase.JobRun;
import io.logbatch.bench.MeasuredProcess.Measurement;
import org.jspecify.annotations.Nullable;

/**
 * A job JVM run to its end, with what the database says about it afterwards.
 *
 * @param process the process as measured from outside
 * @param jobRun this run's job execution, {@link JobRun#NONE} when it did not start one
 * @param lastWrite when the last transaction that wrote a {@code log_event} row committed
 * @param rows the rows of {@code log_event} afterwards
 * @param otherCpuSeconds the CPU time that processes not the benchmark's used meanwhile
 * @param serverCpu the CPU time that the broker's JVM and PostgreSQL used meanwhile
 */
record JobOutcome(Measurement process, JobRun jobRun, @Nullable Instant lastWrite, long rows,
		double otherCpuSeconds, OtherLoad.ServerCpu serverCpu) {

	private static final Duration TIMEOUT = Duration.ofMinutes(20);

	/** Runs a job JVM on an emptied {@code log_event} and collects its outcome. */
	static JobOutcome run(List<String> command, Path workingDirectory, Path output, BenchDatabase database,
			OtherLoad otherLoad) throws SQLException {
		database.reset();
		return runOnto(command, workingDirectory, output, database, otherLoad, null);
	}

	/**
	 * Runs a job JVM on {@code log_event} as it stands and collects its outcome, counting as its rows those
	 * from {@code rowsFrom} on (all of them when null).
	 */
	static JobOutcome runOnto(List<String> command, Path workingDirectory, Path output, BenchDatabase database,
			OtherLoad otherLoad, @Nullable Instant rowsFrom) throws SQLException {
		long previousJobRun = database.lastJobRun().id();
		Map<Long, Long> othersBefore = otherLoad.snapshot();
		OtherLoad.ServerTicks serversBefore = otherLoad.servers();
		Measurement process = MeasuredProcess.run(command, workingDirectory, output, TIMEOUT);
		OtherLoad.ServerCpu serverCpu = otherLoad.servers().since(serversBefore);
		double otherCpuSeconds = OtherLoad.cpuSeconds(othersBefore, otherLoad.snapshot());
		JobRun jobRun = database.lastJobRun();
		// a process that exits before its job starts (exit code 2) leaves an earlier run the newest
		return new JobOutcome(process, (jobRun.id() > previousJobRun) ? jobRun : JobRun.NONE, database.lastWrite(),
				(rowsFrom != null) ? database.rowsFrom(rowsFrom) : database.rows(), otherCpuSeconds, serverCpu);
	}

	/**
	 * Runs a job JVM onto {@code log_event} as it stands, after a checkpoint and {@code sync}, and
	 * collects its outcome, counting as its rows those it added.
	 */
	static JobOutcome runAdding(List<String> command, Path workingDirectory, Path output, BenchDatabase database,
			OtherLoad otherLoad) throws SQLException {
		database.settle();
		long before = database.rows();
		JobOutcome outcome = runOnto(command, workingDirectory, output, database, otherLoad, null);
		return new JobOutcome(outcome.process, outcome.jobRun, outcome.lastWrite, outcome.rows - before,
				outcome.otherCpuSeconds, outcome.serverCpu);
	}

	/** This outcome with the CPU time and peak resident set of the job's worker processes added. */
	JobOutcome plusWorkers(double cpuSeconds, long peakRssBytes) {
		return new JobOutcome(this.process.plus(cpuSeconds, peakRssBytes), this.jobRun, this.lastWrite, this.rows,
				this.otherCpuSeconds, this.serverCpu);
	}

	Figures figures(String contender, CorpusStats corpus, Verdict verdict) {
		double jobSeconds = seconds(this.jobRun.start(), this.jobRun.end());
		double toLastWrite = seconds(this.jobRun.start(), this.lastWrite);
		double lastWriteToExit = (this.lastWrite != null)
				? Duration.between(this.lastWrite, this.process.exited()).toNanos() / 1e6 : Double.NaN;
		double wallSeconds = this.process.wall().toNanos() / 1e9;
		return new Figures(contender, corpus.records() / jobSeconds, corpus.records() / toLastWrite,
				corpus.valueBytes() / 1e6 / jobSeconds, this.process.cpuSeconds() * 1e6 / corpus.records(),
				this.process.peakRssBytes() / 1024.0 / 1024.0, lastWriteToExit, jobSeconds, wallSeconds,
				Figures.percentOfMachine(this.otherCpuSeconds, wallSeconds), verdict);
	}

	/** The checks every job shares: exit code 0, COMPLETED, one row per distinct valid event id. */
	Verdict verdict(CorpusStats corpus) {
		return new Verdict().expect("exit code", this.process.exitCode(), 0)
			.expect("status", this.jobRun.status(), "COMPLETED")
			.expect("rows", this.rows, corpus.originals())
			.note(String.format(Locale.ROOT, "CPU %.2f s (its last /proc sample: %.2f s; meanwhile the broker's JVM "
					+ "%.2f s, PostgreSQL %.2f s)", this.process.cpuSeconds(), this.process.sampledCpuSeconds(),
					this.serverCpu.broker(), this.serverCpu.postgres()));
	}

	private static double seconds(@Nullable Instant from, @Nullable Instant to) {
		return (from != null && to != null) ? Duration.between(from, to).toNanos() / 1e9 : Double.NaN;
	}

}
