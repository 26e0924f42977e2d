package io.logbatch.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnreachableDatabaseTests {

	@Test
	void namesHostPortAndDatabaseWithoutParameters() {
		assertThat(UnreachableDatabase.address("jdbc:postgresql://db.example:5999/logbatch?password=secret-pw&ssl=true"))
			.isEqualTo("db.example:5999/logbatch");
	}

	@Test
	void leavesOutCredentialsBeforeTheHost() {
		assertThat(UnreachableDatabase.address("jdbc:postgresql://logbatch:secret-pw@127.0.0.1:5432/logs"))
			.isEqualTo("127.0.0.1:5432/logs");
	}

	@Test
	void saysWhenNoUrlIsSet() {
		assertThat(UnreachableDatabase.address(null)).contains("spring.datasource.url");
	}

}
