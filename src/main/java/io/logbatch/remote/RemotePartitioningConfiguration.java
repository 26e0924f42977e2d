package io.logbatch.remote;

import java.time.Duration;
import java.util.Map;

import io.logbatch.LogbatchProperties;
import io.logbatch.ingest.IngestSteps;
import io.logbatch.scheduling.GracefulStop;
import io.logbatch.scheduling.RunLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;

/**
 * Wiring of remote partitioning. With {@code logbatch.workers=remote} the job's manager step
 * hands its partitions to a {@link RemotePartitionHandler}, whose requests a
 * {@link KafkaProducerMessageHandler} (Spring Integration Kafka) puts on the request topic.
 * The {@code worker} command's {@link Worker} is wired in every process and starts only when
 * that command serves.
 */
@Configuration(proxyBeanMethods = false)
class RemotePartitioningConfiguration {

	/** How often a run looks at its partitions in the job repository. */
	private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	/** How long a worker waits for a partition that another worker still holds. */
	private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

	@Bean
	WorkerGroup workerGroup(Admin admin, LogbatchProperties properties) {
		return new WorkerGroup(admin, properties);
	}

	@Bean
	Worker worker(WorkerGroup workerGroup, KafkaProperties kafkaProperties, JobRepository jobRepository,
			RunLock runLock, Step ingestPartitionStep, GracefulStop gracefulStop, LogbatchProperties properties) {
		Map<String, Object> config = kafkaProperties.buildConsumerProperties();
		config.put(ConsumerConfig.GROUP_ID_CONFIG, workerGroup.workerGroupId());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// requests sent before this worker group first existed are still served
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// a worker that is gone gives up its share of the requests sooner than the 45 s default
		config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
		config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
		return new Worker(workerGroup,
				new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new PartitionRequestSerde()),
				new PartitionClaims(jobRepository, runLock, properties.groupId(), LOCK_WAIT), ingestPartitionStep,
				gracefulStop, properties.effectiveConcurrency());
	}

	/** The manager side, only in processes whose runs hand partitions to workers. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "logbatch.workers", havingValue = "remote")
	@EnableIntegration
	static class ManagerConfiguration {

		@Bean
		RemotePartitionHandler remotePartitionHandler(WorkerGroup workerGroup, JobRepository jobRepository,
				RunLock runLock, KafkaProperties kafkaProperties, BeanFactory beanFactory, LogbatchProperties properties)
				throws Exception {
			Duration workerTimeout = properties.remote().workerTimeout();
			RemotePartitionHandler handler = new RemotePartitionHandler(jobRepository, workerGroup,
					new LostPartitions(jobRepository, runLock, workerGroup, workerTimeout, POLL_INTERVAL), workerTimeout);
			DirectChannel requests = new DirectChannel();
			requests.subscribe(requestSender(kafkaProperties, workerGroup.requestTopic(), handler, beanFactory));
			handler.setMessagingOperations(new MessagingTemplate(requests));
			handler.setStepName(IngestSteps.PARTITION_STEP_NAME);
			handler.setJobRepository(jobRepository);
			handler.setPollInterval(POLL_INTERVAL.toMillis());
			handler.afterPropertiesSet();
			return handler;
		}

		/** Sends each request to its worker's partition, and waits for the broker to have it. */
		private static KafkaProducerMessageHandler<String, StepExecutionRequest> requestSender(
				KafkaProperties kafkaProperties, String requestTopic, RemotePartitionHandler handler,
				BeanFactory beanFactory) {
			Map<String, Object> config = kafkaProperties.buildProducerProperties();
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
			KafkaTemplate<String, StepExecutionRequest> template = new KafkaTemplate<>(
					new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new PartitionRequestSerde()));
			KafkaProducerMessageHandler<String, StepExecutionRequest> sender = new KafkaProducerMessageHandler<>(template);
			sender.setTopicExpression(new LiteralExpression(requestTopic));
			sender.setPartitionIdExpression(new FunctionExpression<Message<?>>(
					(message) -> handler.partitionOf(new IntegrationMessageHeaderAccessor(message).getSequenceNumber())));
			sender.setMessageKeyExpression(new FunctionExpression<Message<?>>(
					(message) -> ((StepExecutionRequest) message.getPayload()).getStepExecutionId().toString()));
			sender.setSync(true);
			sender.setBeanFactory(beanFactory);
			sender.afterPropertiesSet();
			return sender;
		}

	}

}
