package io.logbatch.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import io.logbatch.support.BrokerTraps;
import io.logbatch.support.Database;
import io.logbatch.support.Kafka;
import io.logbatch.support.Logbatch;
import io.logbatch.support.Logbatch.CliResult;
import io.logbatch.support.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code check} as a user types it, against the real broker and database: every check OK on a group
 * ready to run, and each misconfiguration it is there to catch as a FAIL (or, where a run goes ahead, a
 * WARN) naming its fix; and it neither reads, nor writes, nor migrates.
 */
class CheckCommandTests {

	/** A check line: status, name, message. */
	private static final String LINE = "(?m)^%s\\s+%s: .*%s.*$";

	/** A database user with some privileges, created and dropped by the test that needs it. */
	private static final String LIMITED_USER = "check_limited_user";

	@Test
	void everyCheckIsOkForAGroupReadyToRun() {
		// given a topic with its dead-letter topic, three records to read and a migrated store
		String topic = Kafka.uniqueTopic("check-ready");
		Kafka.createTopicWithDeadLetterTopic(topic, 2);
		Kafka.sendEvents(topic, 0, 0, 3);
		Database.jdbc();
		String password = "pw-canary-c4e1";
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.datasource.password", password);

		// when
		CliResult text = logbatch.cli("check");
		CliResult json = logbatch.cli("check", "--json");

		// then
		assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
		assertThat(text.out()).containsPattern(line("OK", "brokers", "1 broker reachable at "
				+ Kafka.bootstrapServers() + " \\(cluster \\S+, metadata.version \\d+\\)"))
			.containsPattern(line("OK", "topic " + topic, "2 partitions, replication factor 1"))
			.containsPattern(line("OK", "dlt " + topic + "-dlt", "2 partitions, replication factor 1"))
			.containsPattern(line("OK", "postgresql", "PostgreSQL \\d+"))
			.containsPattern(line("OK", "schema", "Flyway version 6 \\(partition log event\\), as this logbatch expects"))
			.containsPattern(line("OK", "partitions", "owns log_event"))
			.containsPattern(line("OK", "writes", "may write log_event"))
			.containsPattern(line("OK", "lag", "3 records to read \\(" + topic + "-0 3\\)"))
			.containsPattern(line("OK", "run lock", "free"))
			.doesNotContain("WARN ")
			.contains("0 FAIL, 0 WARN, 9 OK");
		JsonNode report = JsonMapper.builder().build().readTree(json.out());
		assertThat(json.exitCode()).isZero();
		assertThat(report.get("status").asString()).isEqualTo("OK");
		assertThat(report.get("checks")).hasSize(9);
		assertThat(report.get("checks").get(0).get("name").asString()).isEqualTo("brokers");
		assertThat(report.get("checks").get(0).get("status").asString()).isEqualTo("OK");
		// and it read nothing: the lag is still there, no offset stored, no execution started
		assertThat(Database.storedOffsets(logbatch.groupId())).isEmpty();
		assertThat(Kafka.committedOffsets(logbatch.groupId())).isEmpty();
		assertThat(text.out() + text.err() + json.out() + json.err()).doesNotContain(password);
	}

	@Test
	void failsAMissingTopicAndADeadLetterTopicTheBrokersWouldNotCreateAndWarnsOfOthers() throws Exception {
		// given a topic that does not exist, one without its DLT, one whose DLT has fewer partitions, and one
		// whose DLT the brokers refuse to create
		String missing = Kafka.uniqueTopic("check-missing");
		String withoutDlt = Kafka.uniqueTopic("check-no-dlt");
		String smallerDlt = Kafka.uniqueTopic("check-small-dlt");
		String refusedDlt = Kafka.uniqueTopic("check-refused-dlt");
		Kafka.createTopic(withoutDlt, 3);
		Kafka.createTopic(smallerDlt, 4);
		Kafka.createTopic(smallerDlt + "-dlt", 2);
		Kafka.createTopic(refusedDlt, 1);
		Logbatch logbatch = Logbatch.forTopics(String.join(",", missing, withoutDlt, smallerDlt, refusedDlt));

		// when
		CliResult check;
		try (AutoCloseable refusal = BrokerTraps.refuseCreationOf(refusedDlt + "-dlt")) {
			check = logbatch.cli("check");
		}

		// then
		assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
		assertThat(check.out())
			.containsPattern(line("FAIL", "topic " + missing, "does not exist \\(logbatch.topics\\).*Fix: create it "
					+ "\\(kafka-topics.sh --bootstrap-server " + Kafka.bootstrapServers() + " --create --topic " + missing))
			.containsPattern(line("WARN", "dlt " + withoutDlt + "-dlt", "does not exist: the first dead letter creates "
					+ "it with 3 partitions and replication factor 1"))
			.containsPattern(line("WARN", "dlt " + smallerDlt + "-dlt", "2 partitions, fewer than the 4 of " + smallerDlt
					+ ": dead letters from its partitions 2 to 3 go to the partition their key hashes to.*Fix: "
					+ "kafka-topics.sh .*--alter --topic " + smallerDlt + "-dlt --partitions 4"))
			.containsPattern(line("FAIL", "dlt " + refusedDlt + "-dlt", "does not exist, and the brokers would not let "
					+ "this client create it \\(TopicAuthorizationException.*Fix: create it: kafka-topics.sh .*--create "
					+ "--topic " + refusedDlt + "-dlt --partitions 1 --replication-factor 1"))
			.contains("2 FAIL, 2 WARN, ");
		// and nothing was created
		assertThat(Kafka.partitionCount(missing)).isEmpty();
		assertThat(Kafka.partitionCount(withoutDlt + "-dlt")).isEmpty();
		assertThat(Kafka.partitionCount(smallerDlt + "-dlt")).contains(2);
	}

	@Test
	void failsAUserThatCanNeitherCreatePartitionsNorWriteTheRollups() {
		// given a user who may read the schema history and write the rest, but may not create tables, does
		// not own log_event, and may not write the rollups
		String topic = Kafka.uniqueTopic("check-privileges");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		JdbcTemplate admin = Database.jdbc();
		dropRole(admin);
		admin.execute("CREATE ROLE " + LIMITED_USER + " LOGIN PASSWORD 'limited'");
		admin.execute("GRANT SELECT ON flyway_schema_history TO " + LIMITED_USER);
		admin.execute("GRANT SELECT, INSERT, UPDATE ON log_event, consumer_offset, dlt_redrive, batch_job_instance, "
				+ "batch_job_execution, batch_job_execution_params, batch_job_execution_context, batch_step_execution, "
				+ "batch_step_execution_context TO " + LIMITED_USER);
		admin.execute("GRANT USAGE ON SEQUENCE batch_job_instance_seq, batch_job_execution_seq, "
				+ "batch_step_execution_seq TO " + LIMITED_USER);
		String url = TestInfrastructure.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1");
		url += (url.endsWith("?") || url.endsWith("&") ? "" : (url.contains("?") ? "&" : "?")) + "user=" + LIMITED_USER
				+ "&password=limited";

		// when
		CliResult check;
		try {
			check = Logbatch.forTopics(topic).with("spring.datasource.url", url).cli("check");
		}
		finally {
			dropRole(admin);
		}

		// then
		assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
		assertThat(check.out())
			.containsPattern(line("OK", "schema", "Flyway version 6"))
			.containsPattern(line("FAIL", "partitions", "user " + LIMITED_USER + " may not create tables in schema public "
					+ "and does not own log_event \\(\\w+ does\\): a chunk with an event of a day without its partition "
					+ "fails its run.*Fix: GRANT CREATE ON SCHEMA public TO " + LIMITED_USER + "; run logbatch as \\w+"))
			.containsPattern(line("FAIL", "writes", "user " + LIMITED_USER + " lacks SELECT, INSERT, UPDATE, DELETE on "
					+ "log_rollup; SELECT, INSERT, UPDATE, DELETE on log_rollup_hour: runs fail at their first chunk. "
					+ "Fix: GRANT SELECT, INSERT, UPDATE, DELETE ON log_rollup TO " + LIMITED_USER
					+ "; GRANT SELECT, INSERT, UPDATE, DELETE ON log_rollup_hour TO " + LIMITED_USER + "$"))
			.containsPattern(line("OK", "run lock", "free"))
			.contains("2 FAIL, 0 WARN, ");
	}

	@Test
	void failsUnreachableBrokersAndDatabaseWithinTheClientTimeoutInOneLineEach() throws IOException {
		// given nothing listening where the brokers and the database should be
		String brokers = "127.0.0.1:" + closedLoopbackPort();
		int databasePort = closedLoopbackPort();
		Logbatch logbatch = Logbatch.forTopics(Kafka.uniqueTopic("check-unreachable"))
			.with("spring.kafka.bootstrap-servers", brokers)
			.with("spring.kafka.admin.properties.default.api.timeout.ms", "3000")
			.with("spring.kafka.admin.properties.request.timeout.ms", "3000")
			.with("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + databasePort + "/logbatch?password=secret-pw");

		// when
		CliResult check = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> logbatch.cli("check"));

		// then
		assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
		assertThat(check.out().lines()).as(check.out()).hasSize(3);
		assertThat(check.out())
			.containsPattern(line("FAIL", "brokers", "Kafka brokers not reachable at " + brokers + " within 3 s "
					+ "\\(spring.kafka.bootstrap-servers\\); topics, dead-letter topics and lag not checked. Fix: check "
					+ "spring.kafka.bootstrap-servers"))
			.containsPattern(line("FAIL", "postgresql", "could not connect to PostgreSQL at 127.0.0.1:" + databasePort
					+ "/logbatch: Connection refused; schema, privileges and run lock not checked. Fix: check "
					+ "spring.datasource.url"))
			.contains("2 FAIL, 0 WARN, 0 OK");
		assertThat(check.out() + check.err()).doesNotContain("secret-pw").doesNotContain("\tat ");
	}

	@Test
	void failsASchemaBehindThisVersionAndMigratesNothing() {
		// given a database without a schema, then one at version 5
		String topic = Kafka.uniqueTopic("check-schema");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		String database = "check_schema_tests";
		String url = Database.createDatabase(database);
		JdbcTemplate jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), url));
		Logbatch logbatch = Logbatch.forTopics(topic).with("spring.datasource.url", url);
		try {
			// when
			CliResult empty = logbatch.cli("check");
			Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("5").load()
				.migrate();
			CliResult behind = logbatch.cli("check");

			// then the empty one is created by the first run, the one at version 5 is a FAIL; neither migrates
			assertThat(empty.exitCode()).as(empty.out() + empty.err()).isZero();
			assertThat(empty.out()).containsPattern(line("WARN", "schema", "none yet: the first run creates it "
					+ "\\(Flyway, up to version 6 \\(partition log event\\)\\)"))
				.containsPattern(line("OK", "partitions", "may create tables in schema public: the first run creates"))
				.containsPattern(line("OK", "lag", "no offsets stored yet"));
			assertThat(behind.exitCode()).as(behind.out() + behind.err()).isEqualTo(1);
			assertThat(behind.out()).containsPattern(line("FAIL", "schema", "at version 5 \\(add topic id to consumer "
					+ "offset\\), this logbatch expects 6 \\(partition log event\\): the next run migrates it.*Fix: stop "
					+ "the runs, schedules and workers of the older logbatch"));
			assertThat(jdbc.queryForObject("SELECT max(version::int) FROM flyway_schema_history", Integer.class))
				.isEqualTo(5);
		}
		finally {
			Database.dropDatabase(database);
		}
	}

	@Test
	void namesTheSessionThatHoldsTheRunLock() throws SQLException {
		// given another session holding the group's run lock, as a run does
		String topic = Kafka.uniqueTopic("check-lock");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Logbatch logbatch = Logbatch.forTopics(topic);
		Database.jdbc();
		try (Connection holder = DriverManager.getConnection(TestInfrastructure.jdbcUrl(), applicationName("lock-holder"));
				Statement statement = holder.createStatement()) {
			// RunLock's key: the 64-bit hash of "logbatch:<group>"
			statement.execute("SELECT pg_advisory_lock(hashtextextended('logbatch:" + logbatch.groupId() + "', 0))");

			// when
			CliResult check = logbatch.cli("check");

			// then
			assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
			assertThat(check.out()).containsPattern(line("WARN", "run lock", "group '" + logbatch.groupId()
					+ "': held by PostgreSQL session \\d+ \\(client [0-9a-f.:]+, application 'lock-holder', since "
					+ "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\): a run started now exits 3"));
		}
	}

	@Test
	void failsARemoteGroupWithoutWorkersAndCountsTheLiveOnes() {
		// given a group whose runs go to worker processes, none of them started
		String topic = Kafka.uniqueTopic("check-remote");
		Kafka.createTopicWithDeadLetterTopic(topic, 1);
		Logbatch logbatch = Logbatch.forTopics(topic);
		String requests = logbatch.groupId() + "-partition-requests";

		// when
		CliResult none = logbatch.cli("check", "--workers=remote");

		// then
		assertThat(none.exitCode()).as(none.out() + none.err()).isEqualTo(1);
		assertThat(none.out())
			.containsPattern(line("WARN", "request topic " + requests, "does not exist: the first remote run creates it "
					+ "with 16 partitions"))
			.containsPattern(line("FAIL", "workers", "no worker serves group '" + logbatch.groupId() + "' \\(none in "
					+ "consumer group " + logbatch.groupId() + "-workers\\): a remote run fails after "
					+ "logbatch.remote.worker-timeout \\(1m\\).*Fix: start 'logbatch worker' processes"));

		// and given a member of the workers' group that holds request partitions, as a worker does
		Kafka.createTopic(requests, 2);
		try (KafkaConsumer<byte[], byte[]> worker = workerConsumer(logbatch.groupId() + "-workers")) {
			worker.subscribe(List.of(requests));
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
				worker.poll(Duration.ofMillis(100));
				return !worker.assignment().isEmpty();
			});

			// when
			CliResult one = logbatch.cli("check", "--workers=remote");

			// then
			assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
			assertThat(one.out()).containsPattern(line("OK", "request topic " + requests, "2 partitions"))
				.containsPattern(line("OK", "workers", "1 worker serves group '" + logbatch.groupId() + "'"));
		}
	}

	private static void dropRole(JdbcTemplate admin) {
		admin.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + LIMITED_USER + "') THEN "
				+ "DROP OWNED BY " + LIMITED_USER + "; DROP ROLE " + LIMITED_USER + "; END IF; END $$");
	}

	private static Properties applicationName(String name) {
		Properties properties = new Properties();
		properties.setProperty("ApplicationName", name);
		return properties;
	}

	private static KafkaConsumer<byte[], byte[]> workerConsumer(String groupId) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, groupId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	/** A loopback port that nothing listens on: connections to it are refused. */
	private static int closedLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String line(String status, String name, String message) {
		return LINE.formatted(status, Pattern.quote(name), message);
	}

}
