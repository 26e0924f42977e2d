package io.logbatch.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every job JVM of one invocation shares: the same {@code java}, the same JVM options, the
 * same servers, chunk size and output folder.
 *
 * @param jvmOptions the job JVM's options, the same for every contender
 * @param jdbcUrl the database, with its user
 * @param bootstrapServers the broker
 * @param chunkSize records per chunk
 * @param outputDirectory where each run's working directory and output go
 * @param otherLoad measures what else runs on the machine meanwhile
 * @param javaHome the Java of every job JVM
 */
record JobSetup(List<String> jvmOptions, String jdbcUrl, String bootstrapServers, int chunkSize,
		Path outputDirectory, OtherLoad otherLoad, Path javaHome) {

	/** The same, on another database. */
	JobSetup withJdbcUrl(String otherJdbcUrl) {
		return new JobSetup(this.jvmOptions, otherJdbcUrl, this.bootstrapServers, this.chunkSize,
				this.outputDirectory, this.otherLoad, this.javaHome);
	}

	/** {@code java <jvm options>}: the same Java for every process. */
	List<String> java() {
		List<String> command = new ArrayList<>();
		command.add(this.javaHome.resolve("bin").resolve("java").toString());
		command.addAll(this.jvmOptions);
		return command;
	}

	/**
	 * A distribution's {@code bin/logbatch}, run as README's install tells, with that Java and the
	 * JVM options in the launcher's variables: {@code env} replaces itself with the launcher, which
	 * replaces itself with the JVM, so the process measured is the job's.
	 */
	List<String> launcher(Path distribution) {
		return new ArrayList<>(List.of("env", "JAVA_HOME=" + this.javaHome,
				"LOGBATCH_JAVA_OPTS=" + String.join(" ", this.jvmOptions),
				distribution.resolve("bin").resolve("logbatch").toString()));
	}

}
