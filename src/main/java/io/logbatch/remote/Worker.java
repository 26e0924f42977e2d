package io.logbatch.remote;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.logbatch.ingest.IngestSteps;
import io.logbatch.ingest.PartitionWorker;
import io.logbatch.scheduling.GracefulStop;
import io.logbatch.scheduling.LockWatch;
import io.logbatch.scheduling.RunLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the {@code worker} command does: serves the partition requests of its group until the
 * process is asked to stop, running up to {@code logbatch.concurrency} partitions at once, in
 * the job's own partition step. It pulls: its consumer takes one request at a time and pauses
 * while every slot is busy, so requests wait on the topic, not in a busy worker. On stop it
 * takes no more requests, asks its partitions to stop at their next chunk boundary (STOPPED,
 * resumed by {@code restart}) and returns once they have. Partitions are guarded by
 * {@link PartitionClaims}; a partition whose lock's session ends is stopped too.
 */
public final class Worker {

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private static final Duration LOCK_CHECK_INTERVAL = Duration.ofSeconds(5);

	private final WorkerGroup workerGroup;

	private final ConsumerFactory<String, StepExecutionRequest> consumerFactory;

	private final PartitionClaims claims;

	private final Step partitionStep;

	private final GracefulStop gracefulStop;

	private final int slots;

	private final AtomicInteger free;

	private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

	Worker(WorkerGroup workerGroup, ConsumerFactory<String, StepExecutionRequest> consumerFactory,
			PartitionClaims claims, Step partitionStep, GracefulStop gracefulStop, int slots) {
		this.workerGroup = workerGroup;
		this.consumerFactory = consumerFactory;
		this.claims = claims;
		this.partitionStep = partitionStep;
		this.gracefulStop = gracefulStop;
		this.slots = slots;
		this.free = new AtomicInteger(slots);
	}

	/** The process that ran a partition, as it recorded itself; "?" if it did not. */
	static String nameOf(StepExecution partition) {
		return partition.getExecutionContext().getString(PartitionWorker.KEY, "?");
	}

	/** Serves requests until a stop is requested, then waits for its partitions to stop. */
	public void serve() throws InterruptedException {
		this.workerGroup.ensureRequestTopic();
		ExecutorService executor = Executors.newFixedThreadPool(this.slots, new NamedThreads());
		KafkaMessageListenerContainer<String, StepExecutionRequest> container = container(executor);
		container.start();
		logger.info("Worker serving partitions of consumer group '{}' from '{}', {} at a time",
				this.workerGroup.workerGroupId(), this.workerGroup.requestTopic(), this.slots);
		while (!this.gracefulStop.await(Duration.ofHours(1))) {
			// serving until asked to stop
		}
		container.stop();
		if (!this.running.isEmpty()) {
			logger.info("Stopping {} partition(s) at their next chunk boundary", this.running.size());
		}
		this.running.forEach(StepExecution::setTerminateOnly);
		executor.shutdown();
		while (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
			logger.info("Waiting for {} partition(s) to reach a chunk boundary", this.running.size());
		}
		logger.info("Worker stopped");
	}

	private KafkaMessageListenerContainer<String, StepExecutionRequest> container(ExecutorService executor) {
		ContainerProperties properties = new ContainerProperties(this.workerGroup.requestTopic());
		properties.setGroupId(this.workerGroup.workerGroupId());
		properties.setAckMode(AckMode.MANUAL_IMMEDIATE);
		KafkaMessageListenerContainer<String, StepExecutionRequest> container = new KafkaMessageListenerContainer<>(
				this.consumerFactory, properties);
		container.setBeanName("logbatch-requests");
		// a request that cannot be claimed now (PostgreSQL unreachable) is tried again, never dropped
		container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
		container.setupMessageListener((AcknowledgingMessageListener<String, StepExecutionRequest>) (record,
				acknowledgment) -> receive(record, acknowledgment, executor, container));
		return container;
	}

	private void receive(ConsumerRecord<String, StepExecutionRequest> record, Acknowledgment acknowledgment,
			ExecutorService executor, KafkaMessageListenerContainer<?, ?> container) {
		if (this.gracefulStop.isRequested()) {
			return; // not acknowledged: another worker takes it
		}
		Optional<PartitionClaims.Claim> claim;
		try {
			claim = (record.value() != null) ? this.claims.claim(record.value(), this.gracefulStop::isRequested)
					: Optional.empty();
		}
		catch (SQLException ex) {
			// the container's error handler tries the request again a second later
			throw new DataAccessResourceFailureException("could not claim " + record.value(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		acknowledgment.acknowledge();
		if (claim.isEmpty()) {
			return;
		}
		synchronized (this) {
			if (this.free.decrementAndGet() == 0) {
				container.pause();
			}
		}
		StepExecution partition = claim.get().partition();
		this.running.add(partition);
		executor.execute(() -> {
			try {
				run(claim.get());
			}
			finally {
				this.running.remove(partition);
				synchronized (this) {
					if (this.free.getAndIncrement() == 0) {
						container.resume();
					}
				}
			}
		});
	}

	private void run(PartitionClaims.Claim claim) {
		StepExecution partition = claim.partition();
		logger.info("Partition {} of run {}: started", IngestSteps.partitionOf(partition),
				partition.getJobExecutionId());
		try (RunLock.Held lock = claim.lock();
				LockWatch watch = new LockWatch(lock, LOCK_CHECK_INTERVAL, () -> lockLost(partition))) {
			if (this.gracefulStop.isRequested()) {
				partition.setTerminateOnly();
			}
			this.partitionStep.execute(partition);
		}
		catch (Throwable ex) {
			// the step records its own failures; this is one it could not record
			logger.error("Partition {} of run {} ended abnormally", IngestSteps.partitionOf(partition),
					partition.getJobExecutionId(), ex);
		}
		logger.info("Partition {} of run {}: {}", IngestSteps.partitionOf(partition),
				partition.getJobExecutionId(), partition.getStatus());
	}

	private void lockLost(StepExecution partition) {
		logger.warn("Partition {} of run {}: the PostgreSQL session holding its lock ended; stopping it at the next "
				+ "chunk boundary", IngestSteps.partitionOf(partition), partition.getJobExecutionId());
		partition.setTerminateOnly();
	}

	private static final class NamedThreads implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			return new Thread(task, "logbatch-worker-" + this.count.incrementAndGet());
		}

	}

}
