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
 */
record JobSetup(List<String> jvmOptions, String jdbcUrl, String bootstrapServers, int chunkSize,
		Path outputDirectory, OtherLoad otherLoad) {

	/** The same, on another database. */
	JobSetup withJdbcUrl(String otherJdbcUrl) {
		return new JobSetup(this.jvmOptions, otherJdbcUrl, this.bootstrapServers, this.chunkSize,
				this.outputDirectory, this.otherLoad);
	}

	/** {@code java <jvm options>}: this JVM's own {@code java}, so every process runs the same Java. */
	List<String> java() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.jvmOptions);
		return command;
	}

}
