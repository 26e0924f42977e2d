package io.logbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads Linux's {@code /proc} accounting of processes. */
final class ProcStat {

	/** The unit of the CPU times in {@code /proc/<pid>/stat}: {@code USER_HZ}, 100 on Linux. */
	static final double CLOCK_TICKS_PER_SECOND = 100;

	// Fields of /proc/<pid>/stat counted from 1, as proc(5) numbers them.
	private static final int PPID = 4;

	private static final int UTIME = 14;

	private static final int CUTIME = 16;

	private ProcStat() {
	}

	/** This JVM's {@code cutime + cstime}: the CPU ticks of its children that it has reaped. */
	static long reapedChildrenTicks() {
		String[] fields = statFields(Path.of("/proc/self/stat"))
			.orElseThrow(() -> new IllegalStateException("/proc/self/stat is unreadable: Linux only"));
		return Long.parseLong(field(fields, CUTIME)) + Long.parseLong(field(fields, CUTIME + 1));
	}

	/** A process's {@code utime + stime}, while it runs. */
	static OptionalLong cpuTicks(long pid) {
		return statFields(Path.of("/proc", Long.toString(pid), "stat"))
			.map((fields) -> OptionalLong.of(Long.parseLong(field(fields, UTIME)) + Long.parseLong(field(fields, UTIME + 1))))
			.orElse(OptionalLong.empty());
	}

	/**
	 * A process's parent pid and its {@code utime + stime + cutime + cstime}, as
	 * {@code [ppid, ticks]}, while it exists.
	 */
	static Optional<long[]> parentAndTotalTicks(long pid) {
		return statFields(Path.of("/proc", Long.toString(pid), "stat")).map((fields) -> new long[] {
				Long.parseLong(field(fields, PPID)), Long.parseLong(field(fields, UTIME))
						+ Long.parseLong(field(fields, UTIME + 1)) + Long.parseLong(field(fields, CUTIME))
						+ Long.parseLong(field(fields, CUTIME + 1)) });
	}

	/** A process's {@code VmHWM}, its peak resident set, while it runs. */
	static OptionalLong peakRssBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmHWM:")) {
					// "VmHWM:    123456 kB"
					return OptionalLong.of(Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024);
				}
			}
			return OptionalLong.empty();
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
	}

	// The command name, field 2, is in parentheses and may hold spaces: fields are counted after it.
	private static Optional<String[]> statFields(Path stat) {
		try {
			String content = Files.readString(stat);
			return Optional.of(content.substring(content.lastIndexOf(')') + 2).trim().split(" "));
		}
		catch (IOException | UncheckedIOException ex) {
			return Optional.empty();
		}
	}

	private static String field(String[] afterCommand, int number) {
		return afterCommand[number - 3];
	}

}
