package io.logbatch.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The restartable broker and database keep their port and data, and clients get back to them. */
class RestartableInfrastructureTests {

	private static final String TOPIC = "restarts";

	private static final TopicPartition FIRST = new TopicPartition(TOPIC, 0);

	private static final TopicPartition SECOND = new TopicPartition(TOPIC, 1);

	@Test
	void kafkaKeepsRecordsAndCommittedOffsetsAcrossAKillAndAStopAndClientsReconnect() throws Exception {
		try (KafkaProcess kafka = new KafkaProcess()) {
			// given 10 records and committed offsets, through clients configured once
			kafka.start();
			String bootstrapServers = kafka.bootstrapServers();
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
			try (KafkaProducer<String, String> producer = producer(bootstrapServers);
					KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
				List<String> sent = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					sent.add(describe(send(producer, i % 2, "record-" + i), "record-" + i));
				}
				consumer.assign(List.of(FIRST, SECOND));
				consumer.commitSync(Map.of(FIRST, new OffsetAndMetadata(3), SECOND, new OffsetAndMetadata(5)));

				// when the broker crashes and comes back
				kafka.kill();
				kafka.start();

				// then the same port serves the same records and offsets, and the producer sends again
				assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapServers);
				assertThat(readAll(consumer, 10)).containsExactlyInAnyOrderElementsOf(sent);
				assertThat(committed(consumer)).isEqualTo(Map.of(FIRST, 3L, SECOND, 5L));
				sent.add(describe(send(producer, 0, "after-kill"), "after-kill"));

				// when the broker stops in order while a record is being sent, and comes back
				kafka.stop();
				// send() itself blocks (up to max.block.ms): after an orderly shutdown the producer's metadata
				// lacks the topic until the broker is back
				CompletableFuture<RecordMetadata> whileStopped = CompletableFuture
					.supplyAsync(() -> send(producer, 1, "while-stopped"));
				kafka.start();

				// then the record is delivered, and nothing is lost
				sent.add(describe(whileStopped.get(60, TimeUnit.SECONDS), "while-stopped"));
				assertThat(readAll(consumer, 12)).containsExactlyInAnyOrderElementsOf(sent);
				assertThat(committed(consumer)).isEqualTo(Map.of(FIRST, 3L, SECOND, 5L));
			}
		}
	}

	@Test
	void postgresKeepsRowsAcrossARestartAndDropsTheSessionsOpenBefore() throws Exception {
		try (PostgresProcess postgres = new PostgresProcess()) {
			// given a committed row
			postgres.start();
			String jdbcUrl = postgres.jdbcUrl();
			try (Connection before = DriverManager.getConnection(jdbcUrl)) {
				try (Statement statement = before.createStatement()) {
					statement.execute("CREATE TABLE survivor (id int PRIMARY KEY, name text NOT NULL)");
					statement.execute("INSERT INTO survivor VALUES (1, 'kept')");
				}

				// when
				postgres.restart();

				// then the session open before is gone
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> names(before));
			}
			// and a new connection to the same URL sees the row
			assertThat(postgres.jdbcUrl()).isEqualTo(jdbcUrl);
			try (Connection after = DriverManager.getConnection(jdbcUrl)) {
				assertThat(names(after)).containsExactly("kept");
			}
		}
	}

	private static KafkaProducer<String, String> producer(String bootstrapServers) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
	}

	private static KafkaConsumer<String, String> consumer(String bootstrapServers) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "restarts-group", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer());
	}

	/** Sends and waits for the broker's acknowledgement. */
	private static RecordMetadata send(KafkaProducer<String, String> producer, int partition, String value) {
		try {
			return producer.send(new ProducerRecord<>(TOPIC, partition, null, value)).get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not send " + value, ex);
		}
	}

	private static String describe(RecordMetadata metadata, String value) {
		return metadata.partition() + "@" + metadata.offset() + " " + value;
	}

	/** Every record of the assigned partitions from the beginning, described like the sent ones. */
	private static List<String> readAll(KafkaConsumer<String, String> consumer, int expected) {
		consumer.seekToBeginning(consumer.assignment());
		List<String> records = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (records.size() < expected && System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(200))
				.forEach((record) -> records.add(record.partition() + "@" + record.offset() + " " + record.value()));
		}
		return records;
	}

	private static Map<TopicPartition, Long> committed(KafkaConsumer<String, String> consumer) {
		return consumer.committed(Set.of(FIRST, SECOND))
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	private static List<String> names(Connection connection) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM survivor ORDER BY id")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
