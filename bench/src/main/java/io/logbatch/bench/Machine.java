package io.logbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.utils.AppInfoParser;

/** The machine and software a result was measured on, as the result's reader needs them. */
final class Machine {

	private Machine() {
	}

	static List<String> describe(String postgresVersion) {
		return List.of("cpu: " + Runtime.getRuntime().availableProcessors() + " cores, "
				+ procLine("/proc/cpuinfo", "model name").orElse("unknown model"),
				"memory: " + procLine("/proc/meminfo", "MemTotal").orElse("unknown"),
				"os: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
				"java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				"postgresql: " + postgresVersion + " (zonky embedded binaries)",
				"kafka: " + AppInfoParser.getVersion() + " (one KRaft broker, "
						+ String.join(" ", BenchServers.BROKER_JVM_OPTIONS) + ")");
	}

	private static Optional<String> procLine(String file, String key) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(key))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " "));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
