package io.logbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;

/**
 * {@code logbatch worker} processes, as README's "Several machines" section starts them, here all
 * on this machine. They start before a measurement and end after it, so a measured run finds
 * them serving its group and idle; their CPU time and peak resident set during the run are read
 * from {@code /proc} while they still live.
 */
final class WorkerProcesses implements AutoCloseable {

	private static final Duration READY = Duration.ofMinutes(2);

	private static final Duration STOP = Duration.ofMinutes(2);

	private final List<Process> processes = new ArrayList<>();

	private final List<Path> outputs = new ArrayList<>();

	/**
	 * Starts {@code count} workers, each with the command that {@code command} gives for its index
	 * (from 1), and returns once each holds partitions of the request topic in its consumer group.
	 */
	static WorkerProcesses start(int count, IntFunction<List<String>> command, Path workingDirectory, BenchTopics topics,
			String workerGroup) {
		WorkerProcesses workers = new WorkerProcesses();
		try {
			for (int index = 1; index <= count; index++) {
				Path output = workingDirectory.resolve("worker-" + index + ".log");
				workers.outputs.add(output);
				workers.processes.add(new ProcessBuilder(command.apply(index)).directory(workingDirectory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start());
			}
			Awaitility.await()
				.atMost(READY)
				.pollInterval(Duration.ofMillis(200))
				.failFast("a worker process ended; see " + workers.outputs,
						() -> workers.processes.stream().anyMatch((process) -> !process.isAlive()))
				.until(() -> topics.membersWithPartitions(workerGroup) == count);
			return workers;
		}
		catch (IOException ex) {
			workers.close();
			throw new UncheckedIOException("Could not start a worker process", ex);
		}
		catch (RuntimeException ex) {
			workers.close();
			throw ex;
		}
	}

	/** The CPU seconds that the workers have used so far, together. */
	double cpuSeconds() {
		return this.processes.stream().mapToLong((process) -> ProcStat.cpuTicks(process.pid()).orElse(0)).sum()
				/ ProcStat.CLOCK_TICKS_PER_SECOND;
	}

	/** The sum of the workers' peak resident sets so far. */
	long peakRssBytes() {
		return this.processes.stream().mapToLong((process) -> ProcStat.peakRssBytes(process.pid()).orElse(0)).sum();
	}

	/** Stops the workers with SIGTERM, as systemd and Kubernetes do, and waits for their end. */
	@Override
	public void close() {
		this.processes.forEach(Process::destroy);
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

}
