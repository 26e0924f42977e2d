package io.logbatch;

import io.logbatch.cli.Cli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The entry point: the only place that ends the JVM, with the command's exit code.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LogbatchApplication {

	public static void main(String[] args) {
		System.exit(new Cli(System.err).execute(args));
	}

}
