package io.logbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end and measures it from the outside: wall time, the moment it
 * ended, its CPU time and its peak resident set.
 * <p>
 * CPU time is the growth of this JVM's {@code cutime + cstime} (from {@code /proc/self/stat})
 * across the child's life: the kernel adds a child's user and system time there when the child is
 * reaped, which {@link Process#waitFor} does. The child's own {@code utime + stime}, sampled from
 * {@code /proc/<pid>/stat}, cross-checks it (the last sample misses the child's final few
 * milliseconds). Peak RSS is {@code VmHWM} of {@code /proc/<pid>/status}, sampled every 10 ms:
 * the kernel's own high-water mark, so a sample only needs to be late enough, not timely.
 * <p>
 * Nothing else may end as a child of this JVM while a measurement runs; the benchmark's servers
 * live on until the end.
 */
final class MeasuredProcess {

	private static final long SAMPLE_MILLIS = 10;

	private MeasuredProcess() {
	}

	static Measurement run(List<String> command, Path workingDirectory, Path output, Duration timeout) {
		long childTicksBefore = ProcStat.reapedChildrenTicks();
		Process process;
		Instant started = Instant.now();
		try {
			process = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		Sampler sampler = new Sampler(process.pid());
		ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "rss-sampler");
			thread.setDaemon(true);
			return thread;
		});
		sampling.scheduleAtFixedRate(sampler::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
		Instant exited;
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException(command.get(command.size() - 1) + " did not end within " + timeout
						+ "; its output: " + output);
			}
			exited = Instant.now();
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a contender", ex);
		}
		finally {
			sampling.shutdownNow();
		}
		long childTicks = ProcStat.reapedChildrenTicks() - childTicksBefore;
		return new Measurement(process.exitValue(), started, exited, seconds(childTicks),
				seconds(sampler.lastCpuTicks()), sampler.peakRssBytes(), output);
	}

	private static double seconds(long ticks) {
		return (double) ticks / ProcStat.CLOCK_TICKS_PER_SECOND;
	}

	/**
	 * What was measured of one child process.
	 *
	 * @param exitCode its exit code
	 * @param started just before it was started
	 * @param exited just after {@link Process#waitFor} returned
	 * @param cpuSeconds its user and system CPU time, from this JVM's reaped-children times
	 * @param sampledCpuSeconds its user and system CPU time at the last sample before its end
	 * @param peakRssBytes its peak resident set ({@code VmHWM})
	 * @param output the file holding its standard output and error
	 */
	record Measurement(int exitCode, Instant started, Instant exited, double cpuSeconds, double sampledCpuSeconds,
			long peakRssBytes, Path output) {

		/**
		 * This measurement with the CPU time and peak resident set of processes that worked for
		 * the measured one (its worker processes) added.
		 */
		Measurement plus(double helperCpuSeconds, long helperPeakRssBytes) {
			return new Measurement(this.exitCode, this.started, this.exited, this.cpuSeconds + helperCpuSeconds,
					this.sampledCpuSeconds + helperCpuSeconds, this.peakRssBytes + helperPeakRssBytes, this.output);
		}

		Duration wall() {
			return Duration.between(this.started, this.exited);
		}

		String outputText() {
			try {
				return Files.readString(this.output);
			}
			catch (IOException ex) {
				return "(unreadable: " + ex + ")";
			}
		}

	}

	/** Samples one process's {@code /proc} files; called from one thread, read after it stopped. */
	private static final class Sampler {

		private final long pid;

		private volatile long peakRssBytes;

		private volatile long lastCpuTicks;

		Sampler(long pid) {
			this.pid = pid;
		}

		void sample() {
			// The process may end between two reads: a missing file keeps the last sample.
			ProcStat.peakRssBytes(this.pid).ifPresent((bytes) -> this.peakRssBytes = Math.max(this.peakRssBytes, bytes));
			ProcStat.cpuTicks(this.pid).ifPresent((ticks) -> this.lastCpuTicks = ticks);
		}

		long peakRssBytes() {
			return this.peakRssBytes;
		}

		long lastCpuTicks() {
			return this.lastCpuTicks;
		}

	}

}
