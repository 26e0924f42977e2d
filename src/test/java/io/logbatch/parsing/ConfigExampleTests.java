package io.logbatch.parsing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import io.logbatch.support.SampleRecords;
import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input format examples of {@code config/examples} bind as they are, and turn the lines they quote into
 * the rows they promise.
 */
class ConfigExampleTests {

	private static final long RECORD_TIME = Instant.parse("2026-03-02T00:01:00Z").toEpochMilli();

	@Test
	void nginxExampleReadsItsCombinedLine() throws IOException {
		// given
		LogbatchProperties properties = load("nginx.yml");

		// when
		LogEvent event = parse(properties, "nginx.access", "127.0.0.1 - - [07/Mar/2017:11:23:14 -0800] \"GET / "
				+ "HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, "
				+ "like Gecko) Chrome/56.0.2924.87 Safari/537.36\"");

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2017-03-07T19:23:14Z"));
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo("GET / HTTP/1.1");
		assertThat(event.attributes()).startsWith("{\"client.ip\":\"127.0.0.1\",\"http.method\":\"GET\",\"url.path\":"
				+ "\"/\",\"http.version\":\"1.1\",\"http.status\":304,\"http.bytes\":0,\"user_agent\":\"Mozilla/5.0 ");
	}

	@Test
	void log4jExampleReadsAKafkaBrokerEventWithItsStackTraceAndALog4jDefaultLine() throws IOException {
		// given
		LogbatchProperties properties = load("log4j.yml");

		// when
		LogEvent broker = parse(properties, "kafka.server", "[2018-10-17 12:57:18,400] ERROR [ReplicaFetcher "
				+ "replicaId=10, leaderId=30, fetcherId=0] Error for partition test-3-0 at offset 0 "
				+ "(kafka.server.ReplicaFetcherThread)\norg.apache.kafka.common.errors.UnknownTopicOrPartitionException: "
				+ "This server does not host this topic-partition.\n");
		LogEvent application = parse(properties, "app.log4j", "17:13:01.540 [main] ERROR com.foo.Bar - Did it again!");

		// then
		assertThat(broker.occurredAt()).isEqualTo(Instant.parse("2018-10-17T12:57:18.400Z"));
		assertThat(broker.level()).isEqualTo("ERROR");
		assertThat(broker.message())
			.isEqualTo("[ReplicaFetcher replicaId=10, leaderId=30, fetcherId=0] Error for partition test-3-0 at offset 0");
		assertThat(broker.attributes()).isEqualTo("{\"logger\":\"kafka.server.ReplicaFetcherThread\",\"stackTrace\":"
				+ "\"org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this "
				+ "topic-partition.\"}");
		assertThat(application.occurredAt()).isEqualTo(Instant.parse("2026-03-01T16:13:01.540Z"));
		assertThat(application.message()).isEqualTo("Did it again!");
		assertThat(application.attributes()).isEqualTo("{\"thread\":\"main\",\"logger\":\"com.foo.Bar\"}");
	}

	@Test
	void filebeatExampleReadsTheNginxLineOfAFilebeatEvent() throws IOException {
		// given
		LogbatchProperties properties = load("filebeat.yml");

		// when
		LogEvent event = parse(properties, "filebeat", SampleRecords.FILEBEAT_NGINX);

		// then
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-04-11T22:11:41Z"));
		assertThat(event.level()).isEqualTo("INFO");
		assertThat(event.message()).isEqualTo("GET / HTTP/1.0");
		assertThat(event.host()).isEqualTo("053dd9dc5419");
		assertThat(event.attributes()).startsWith("{\"@timestamp\":\"2023-04-11T22:11:50.656Z\",\"@metadata\":")
			.contains("\"http.status\":200,\"http.bytes\":615,\"user_agent\":\"curl/7.79.1\",\"event.original\":");
	}

	private static LogbatchProperties load(String example) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load(example, new FileSystemResource("config/examples/" + example))
			.forEach(environment.getPropertySources()::addFirst);
		return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("logbatch",
				LogbatchProperties.class);
	}

	private static LogEvent parse(LogbatchProperties properties, String topic, String value) {
		LogbatchProperties.Input input = properties.input();
		assertThat(properties.topics()).contains(topic);
		return input.formatOf(topic)
			.parser(input.settingsOf(topic), EventIdFallback.CONTENT_HASH, 1 << 20)
			.events(new ConsumerRecord<>(topic, 0, 0, RECORD_TIME, TimestampType.CREATE_TIME, 0, 0, null,
					value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()))
			.get(0);
	}

}
