package io.logbatch.bench.textbook;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The textbook job's entry point, as in Spring Boot's batch sample: Boot runs the one job at
 * startup, and the JVM exits with the job's exit code.
 * <p>
 * It runs on the test classpath, next to logbatch's classes; {@code spring.config.name=textbook}
 * keeps logbatch's {@code application.properties} out, and the harness has created the schema
 * (Spring Batch's tables and {@code log_event}) before.
 */
@SpringBootApplication
@EnableConfigurationProperties(TextbookProperties.class)
public class TextbookJobApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(TextbookJobApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "textbook", "spring.main.web-application-type",
				"none", "spring.batch.job.enabled", "true", "spring.flyway.enabled", "false"));
		System.exit(SpringApplication.exit(application.run(args)));
	}

}
