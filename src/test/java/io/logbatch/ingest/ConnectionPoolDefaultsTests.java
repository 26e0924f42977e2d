package io.logbatch.ingest;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPoolDefaultsTests {

	@Test
	void givesEveryConcurrentPartitionAConnectionAndOneForItsWorkerLockBesidesTheRunLockAndTheMetadata() {
		assertThat(poolSizeFor(new MockEnvironment().withProperty("logbatch.concurrency", "16"))).isEqualTo("35");
	}

	@Test
	void neverGoesBelowHikarisDefaultBeforeTheWorkerLocks() {
		assertThat(poolSizeFor(new MockEnvironment().withProperty("logbatch.concurrency", "2"))).isEqualTo("12");
	}

	@Test
	void keepsOpenWhatARunUsesAtOnce() {
		MockEnvironment environment = new MockEnvironment().withProperty("logbatch.concurrency", "2");
		new ConnectionPoolDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(ConnectionPoolDefaults.MINIMUM_IDLE)).isEqualTo("5");
	}

	@Test
	void leavesAConfiguredPoolSizeAlone() {
		assertThat(poolSizeFor(new MockEnvironment().withProperty("logbatch.concurrency", "16")
			.withProperty(ConnectionPoolDefaults.POOL_SIZE, "5"))).isEqualTo("5");
	}

	@Test
	void appliesToEveryApplicationOfThisJar() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--logbatch.concurrency=12")) {
			assertThat(context.getEnvironment().getProperty(ConnectionPoolDefaults.POOL_SIZE)).isEqualTo("27");
			assertThat(context.getEnvironment().getProperty(ConnectionPoolDefaults.MINIMUM_IDLE)).isEqualTo("15");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	private static String poolSizeFor(MockEnvironment environment) {
		new ConnectionPoolDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(ConnectionPoolDefaults.POOL_SIZE);
	}

}
