package io.logbatch.bench.textbook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.kafka.KafkaItemReader;
import org.springframework.batch.infrastructure.item.kafka.builder.KafkaItemReaderBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job as the reference documentation builds it: one chunk-oriented step over Boot's
 * DataSource transaction manager, Spring Batch's {@link KafkaItemReader} over every partition from
 * offset 0, a Jackson processor, and {@link JdbcBatchItemWriter} with an idempotent insert. A
 * record that is not JSON is skipped.
 */
@Configuration(proxyBeanMethods = false)
class TextbookJobConfiguration {

	private static final String INSERT = """
			INSERT INTO log_event (event_id, occurred_at, level, service, host, message, trace_id, attributes,
			  source_topic, published_at)
			VALUES (:event_id, :occurred_at, :level, :service, :host, :message, :trace_id, CAST(:attributes AS jsonb),
			  :source_topic, :published_at)
			ON CONFLICT (event_id, occurred_at) DO NOTHING""";

	@Bean
	Job textbookIngestJob(JobRepository jobRepository, Step textbookIngestStep) {
		return new JobBuilder("textbookIngest", jobRepository).incrementer(new RunIdIncrementer())
			.start(textbookIngestStep)
			.build();
	}

	@Bean
	Step textbookIngestStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KafkaItemReader<String, String> reader, LogRowProcessor processor,
			JdbcBatchItemWriter<Map<String, Object>> writer, TextbookProperties properties) {
		return new StepBuilder("textbookIngestStep", jobRepository)
			.<String, Map<String, Object>>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(processor)
			.writer(writer)
			.faultTolerant()
			.skip(JacksonException.class)
			.skipLimit(Integer.MAX_VALUE)
			.build();
	}

	@Bean
	KafkaItemReader<String, String> reader(KafkaProperties kafkaProperties, TextbookProperties properties) {
		Properties consumer = new Properties();
		consumer.putAll(kafkaProperties.buildConsumerProperties());
		List<Integer> partitions = IntStream.range(0, properties.partitions()).boxed().toList();
		Map<TopicPartition, Long> fromStart = new HashMap<>();
		partitions.forEach((partition) -> fromStart.put(new TopicPartition(properties.topic(), partition), 0L));
		return new KafkaItemReaderBuilder<String, String>().name("logRecordReader")
			.consumerProperties(consumer)
			.topic(properties.topic())
			.partitions(partitions)
			.partitionOffsets(fromStart)
			.pollTimeout(properties.pollTimeout())
			.saveState(true)
			.build();
	}

	@Bean
	LogRowProcessor processor(TextbookProperties properties) {
		return new LogRowProcessor(JsonMapper.builder().build(), properties.topic());
	}

	@Bean
	JdbcBatchItemWriter<Map<String, Object>> writer(DataSource dataSource) {
		return new JdbcBatchItemWriterBuilder<Map<String, Object>>().dataSource(dataSource)
			.sql(INSERT)
			.columnMapped()
			.assertUpdates(false)
			.build();
	}

}
