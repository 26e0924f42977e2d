package io.logbatch.ingest;

import java.time.Instant;
import java.util.Properties;

import io.logbatch.LogbatchProperties.Delivery;
import io.logbatch.LogbatchProperties;
import io.logbatch.deadletter.DeadLetterPublisher;
import io.logbatch.metrics.RecordMetrics;
import io.logbatch.offsets.ChunkOffsetCommitter;
import io.logbatch.offsets.GroupOffsetCommitter;
import io.logbatch.offsets.OffsetStore;
import io.logbatch.offsets.PartitionRange;
import io.logbatch.offsets.PartitionRanges;
import io.logbatch.offsets.StoredOffset;
import io.logbatch.parsing.ParsedRecord;
import io.logbatch.processing.EventRules;
import io.logbatch.processing.RecordPipeline;
import io.logbatch.parsing.RecordParser;
import io.logbatch.store.DayPartitions;
import io.logbatch.store.LogEventWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingestion job: a manager step that captures every partition's range when the run
 * starts, and one chunk-oriented worker step per Kafka partition, run on
 * {@code logbatch.concurrency} threads, or with {@code logbatch.workers=remote} in
 * {@code worker} processes (see {@code io.logbatch.remote}). Each worker step has its own
 * consumer, and each of its chunks is one database transaction holding the rows, the
 * partition's next offset and Spring Batch's metadata.
 */
@Configuration(proxyBeanMethods = false)
class IngestJobConfiguration {

	private final LogbatchProperties properties;

	private final EventRules rules;

	IngestJobConfiguration(LogbatchProperties properties) {
		this.properties = properties;
		this.rules = EventRules.of(properties.process());
	}

	/**
	 * The job, with every {@link JobExecutionListener} of the context in their order: the
	 * packages that report on a run, alert on it and stop it listen without this one knowing
	 * them. {@code afterJob} runs in reverse order, so the listeners that must see the run's
	 * final state (the lag, then the alert) come first.
	 */
	@Bean
	Job ingestJob(JobRepository jobRepository, Step ingestStep, ObjectProvider<JobExecutionListener> listeners) {
		JobBuilder job = new JobBuilder(IngestSteps.JOB_NAME, jobRepository);
		listeners.orderedStream().forEach(job::listener);
		return job.start(ingestStep).build();
	}

	@Bean
	Step ingestStep(JobRepository jobRepository, PartitionHandler partitionHandler, PartitionRanges partitionRanges,
			RecordMetrics recordMetrics) {
		return new StepBuilder("ingest", jobRepository)
			.partitioner(IngestSteps.PARTITION_STEP_NAME, new CapturedRanges(partitionRanges, recordMetrics,
					this.properties.groupId(), this.properties.topics()))
			.partitionHandler(partitionHandler)
			.build();
	}

	/** Partitions run on {@code logbatch.concurrency} threads of this process (the default). */
	@Bean
	@ConditionalOnProperty(name = "logbatch.workers", havingValue = "local", matchIfMissing = true)
	PartitionHandler localPartitionHandler(Step ingestPartitionStep) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("logbatch-partition-");
		executor.setConcurrencyLimit(this.properties.effectiveConcurrency());
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(ingestPartitionStep);
		handler.setTaskExecutor(executor);
		return handler;
	}

	@Bean
	Step ingestPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReadAheadReader partitionReader, LogEventWriter logEventWriter,
			ChunkOffsetCommitter chunkOffsetCommitter, EventCounts eventCounts,
			DeadLetterAcknowledgements deadLetterAcknowledgements, OutcomeMeter outcomeMeter, FaultPolicy faultPolicy,
			DeadLetterSkipListener deadLetterSkipListener, PartitionWorker partitionWorker,
			ObjectProvider<ItemReadListener<?>> readListeners) {
		ChunkOrientedStepBuilder<PreparedRecord, ParsedRecord> step = new StepBuilder(IngestSteps.PARTITION_STEP_NAME, jobRepository)
			.<PreparedRecord, ParsedRecord>chunk(this.properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(new StepThreadReader(partitionReader))
			.processor(new LogRecordProcessor())
			.writer(logEventWriter)
			.stream(chunkOffsetCommitter)
			.stream(eventCounts)
			.stream(deadLetterAcknowledgements)
			.stream(outcomeMeter)
			// the StepListener overload: listener(Object) only looks for listener annotations. The
			// step-scoped ones are proxies, each call a scope look-up: none listens per record.
			// afterStep runs in reverse order: the dead letters a failed step's end settles are
			// counted before the meter adds them, and before the offset moves past them.
			.listener((StepListener) chunkOffsetCommitter)
			.listener((StepListener) eventCounts)
			.listener((StepListener) outcomeMeter)
			.listener((StepListener) deadLetterAcknowledgements)
			.listener((StepListener) partitionWorker)
			.faultTolerant()
			.retryPolicy(faultPolicy.retryPolicy())
			.skipPolicy(faultPolicy)
			.skipListener(deadLetterSkipListener);
		// such as the run's progress, which counts every record read
		readListeners.orderedStream().forEach((listener) -> step.listener((StepListener) listener));
		return step.build();
	}

	/** Among the run's listeners, its {@code afterJob} closes the consumers the run kept. */
	@Bean(destroyMethod = "close")
	PartitionConsumers partitionConsumers(KafkaProperties kafkaProperties) {
		Properties consumer = new Properties();
		consumer.putAll(kafkaProperties.buildConsumerProperties());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, this.properties.groupId());
		consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.properties.chunkSize());
		// the default 64 KiB socket buffer, not the broker, limits one consumer's fetch rate
		consumer.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1024 * 1024);
		// The broker holds a fetch this long when the partition has nothing more to give: 500 ms by
		// default. The reader stops polling at its range's end, but the consumer has sent the next
		// fetch already, and a consumer handed on to the next step waits for that answer before
		// it fetches the new partition (as does a range that ends in transaction markers).
		consumer.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
		return new PartitionConsumers(consumer, this.properties.effectiveConcurrency());
	}

	@Bean
	@StepScope
	ReadAheadReader partitionReader(PartitionConsumers partitionConsumers, OffsetStore offsetStore,
			@Value("#{stepExecutionContext['" + IngestSteps.TOPIC + "']}") String topic,
			@Value("#{stepExecutionContext['" + IngestSteps.PARTITION + "']}") int partition,
			@Value("#{stepExecutionContext['" + IngestSteps.START + "']}") long capturedStart,
			@Value("#{stepExecutionContext['" + IngestSteps.END + "']}") long end,
			@Value("#{stepExecutionContext['" + IngestSteps.TOPIC_ID + "']}") @Nullable String topicId) {
		TopicPartition topicPartition = new TopicPartition(topic, partition);
		// The database is the truth: after a failed execution it is ahead of the captured start.
		// Not an offset stored for the topic that this one replaced, though: that is past its end.
		StoredOffset stored = offsetStore.findStored(this.properties.groupId(), java.util.List.of(topicPartition))
			.get(topicPartition);
		long start = (stored != null && stored.isOf(topicId, end)) ? stored.nextOffset() : capturedStart;
		RecordParser parser = this.properties.input()
			.parserOf(topic, this.properties.eventId().fallback(), this.properties.maxRecordBytes());
		// the retention as of the partition's start: what is older would land in a day that prune drops
		EventRules rules = this.rules.expiringBefore(this.properties.store().keptFrom(Instant.now()));
		return new ReadAheadReader(new KafkaPartitionReader(partitionConsumers,
				new PartitionRange(topicPartition, start, end),
				this.properties.pollTimeout()), new RecordPipeline(parser, rules));
	}

	@Bean
	@StepScope
	ChunkOffsetCommitter chunkOffsetCommitter(OffsetStore offsetStore, GroupOffsetCommitter groupOffsetCommitter,
			PlatformTransactionManager transactionManager, ReadAheadReader partitionReader,
			DeadLetterAcknowledgements deadLetterAcknowledgements,
			@Value("#{stepExecutionContext['" + IngestSteps.TOPIC + "']}") String topic,
			@Value("#{stepExecutionContext['" + IngestSteps.PARTITION + "']}") int partition,
			@Value("#{stepExecutionContext['" + IngestSteps.TOPIC_ID + "']}") @Nullable String topicId) {
		TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new ChunkOffsetCommitter(offsetStore, groupOffsetCommitter, this.properties.groupId(),
				new TopicPartition(topic, partition), topicId, partitionReader::nextOffset, partitionReader::lastReadOffset,
				(item) -> ((PreparedRecord) item).offset(), deadLetterAcknowledgements, ownTransaction,
				this.properties.delivery() == Delivery.AT_MOST_ONCE);
	}

	@Bean
	@StepScope
	EventCounts eventCounts() {
		return new EventCounts();
	}

	@Bean
	@StepScope
	DeadLetterAcknowledgements deadLetterAcknowledgements(DeadLetterPublisher deadLetterPublisher,
			ReadAheadReader partitionReader) {
		return new DeadLetterAcknowledgements(deadLetterPublisher, partitionReader::ended);
	}

	@Bean
	@StepScope
	OutcomeMeter outcomeMeter(@Value("#{stepExecution}") StepExecution stepExecution,
			DeadLetterAcknowledgements deadLetterAcknowledgements, RecordMetrics recordMetrics) {
		return new OutcomeMeter(stepExecution, this.properties.delivery(), deadLetterAcknowledgements, recordMetrics);
	}

	@Bean
	@StepScope
	LogEventWriter logEventWriter(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
			DayPartitions dayPartitions, EventCounts eventCounts) {
		TransactionTemplate savepoint = new TransactionTemplate(transactionManager);
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		return new LogEventWriter(jdbcTemplate, savepoint, dayPartitions, this.properties.writeMode(), eventCounts);
	}

	/** Among the run's listeners, after the alert and the lag, before progress and the graceful stop. */
	@Bean
	@Order(300)
	FaultPolicy faultPolicy() {
		return new FaultPolicy(this.properties);
	}

	@Bean
	DeadLetterSkipListener deadLetterSkipListener(DeadLetterPublisher deadLetterPublisher,
			DeadLetterAcknowledgements deadLetterAcknowledgements) {
		return new DeadLetterSkipListener(deadLetterPublisher, deadLetterAcknowledgements,
				this.properties.delivery() == Delivery.AT_MOST_ONCE);
	}

	@Bean
	PartitionWorker partitionWorker(JobRepository jobRepository) {
		return new PartitionWorker(jobRepository, this.properties::effectiveWorkerName);
	}

}
