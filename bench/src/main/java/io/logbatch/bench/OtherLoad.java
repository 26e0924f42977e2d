package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time that processes outside the benchmark use while a contender runs, from
 * {@code /proc}. The machine may be shared: another build or job on the same cores slows a
 * contender down, and this shows by how much the figures are suspect.
 * <p>
 * The benchmark's own processes are this JVM with its ancestors and descendants (Maven, the
 * broker, the job JVMs) and the PostgreSQL postmaster with its children. A process counts with
 * the children it reaped ({@code cutime}, {@code cstime}), so short-lived ones are not missed as
 * long as their parent lives on.
 */
final class OtherLoad {

	private final Set<Long> ownRoots;

	private final long postmasterPid;

	private final long brokerPid;

	/**
	 * @param postmasterPid the benchmark's PostgreSQL server process
	 * @param brokerPid the benchmark's Kafka broker process
	 */
	OtherLoad(long postmasterPid, long brokerPid) {
		this.postmasterPid = postmasterPid;
		this.brokerPid = brokerPid;
		this.ownRoots = new HashSet<>();
		this.ownRoots.add(postmasterPid);
		ProcessHandle self = ProcessHandle.current();
		this.ownRoots.add(self.pid());
		for (ProcessHandle parent = self.parent().orElse(null); parent != null; parent = parent.parent().orElse(null)) {
			if (parent.pid() > 1) {
				this.ownRoots.add(parent.pid());
			}
		}
	}

	/** The CPU ticks so far of every process that is not the benchmark's, by pid. */
	Map<Long, Long> snapshot() {
		Map<Long, long[]> all = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				long pid = Long.parseLong(process.getFileName().toString());
				ProcStat.parentAndTotalTicks(pid).ifPresent((stat) -> all.put(pid, stat));
			}
		}
		catch (IOException ex) {
			return Map.of();
		}
		Map<Long, Long> others = new HashMap<>();
		all.forEach((pid, stat) -> {
			if (!isOwn(pid, all)) {
				others.put(pid, stat[1]);
			}
		});
		return others;
	}

	/**
	 * The CPU ticks so far of the benchmark's own servers: the Kafka broker's JVM, and PostgreSQL, the
	 * postmaster with its backends (those that ended counted in the postmaster's reaped ticks).
	 */
	ServerTicks servers() {
		long postgres = 0;
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				long pid = Long.parseLong(process.getFileName().toString());
				long[] stat = ProcStat.parentAndTotalTicks(pid).orElse(null);
				if (stat != null && (pid == this.postmasterPid || stat[0] == this.postmasterPid)) {
					postgres += stat[1];
				}
			}
		}
		catch (IOException ex) {
			return new ServerTicks(-1, -1);
		}
		return new ServerTicks(ProcStat.cpuTicks(this.brokerPid).orElse(-1), postgres);
	}

	/** CPU ticks of the broker's JVM and of PostgreSQL. */
	record ServerTicks(long broker, long postgres) {

		/** The CPU each used since {@code before}. */
		ServerCpu since(ServerTicks before) {
			return new ServerCpu((this.broker - before.broker) / ProcStat.CLOCK_TICKS_PER_SECOND,
					(this.postgres - before.postgres) / ProcStat.CLOCK_TICKS_PER_SECOND);
		}

	}

	/** CPU-seconds of the broker's JVM and of PostgreSQL. */
	record ServerCpu(double broker, double postgres) {
	}

	/** The CPU seconds that processes not the benchmark's used between two snapshots. */
	static double cpuSeconds(Map<Long, Long> before, Map<Long, Long> after) {
		long ticks = 0;
		for (Map.Entry<Long, Long> process : after.entrySet()) {
			ticks += Math.max(0, process.getValue() - before.getOrDefault(process.getKey(), 0L));
		}
		return ticks / ProcStat.CLOCK_TICKS_PER_SECOND;
	}

	private boolean isOwn(long pid, Map<Long, long[]> all) {
		// kernel threads are children of kthreadd (2); everything else descends from init (1)
		for (long current = pid; current > 2; ) {
			if (this.ownRoots.contains(current)) {
				return true;
			}
			long[] stat = all.get(current);
			if (stat == null) {
				return false;
			}
			current = stat[0];
		}
		return false;
	}

}
