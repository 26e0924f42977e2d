package io.logbatch.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.logbatch.metrics.RecordMetrics;
import io.logbatch.offsets.PartitionRanges;
import io.logbatch.offsets.PartitionRanges.BrokersUnreachableException;
import io.logbatch.offsets.PartitionRanges.UnknownTopicException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Measures the consumer lag when a run ends, whatever its status: for each partition, the end
 * offset of that moment less the group's stored next offset. It sets the
 * {@link RecordMetrics#LAG} gauges and keeps the total in the job execution's context under
 * {@value #KEY}, where {@link RunSummary} and {@code status} find it. A broker that does not
 * answer within {@link #LIMIT} leaves the lag unknown rather than hold up the run's end; a run
 * that failed because the brokers could not be reached does not ask them again. Thread-safe.
 */
class RunLag implements JobExecutionListener {

	static final String KEY = "logbatch.lag";

	static final Duration LIMIT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(RunLag.class);

	private final PartitionRanges partitionRanges;

	private final RecordMetrics metrics;

	private final JobRepository jobRepository;

	private final String groupId;

	private final List<String> topics;

	RunLag(PartitionRanges partitionRanges, RecordMetrics metrics, JobRepository jobRepository, String groupId,
			List<String> topics) {
		this.partitionRanges = partitionRanges;
		this.metrics = metrics;
		this.jobRepository = jobRepository;
		this.groupId = groupId;
		this.topics = topics;
	}

	/** A restart starts from a copy of the failed execution's context: its lag is not this one's. */
	@Override
	public void beforeJob(JobExecution jobExecution) {
		jobExecution.getExecutionContext().remove(KEY);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (brokersUnreachable(jobExecution)) {
			return; // the run failed for it, and says so
		}
		Map<TopicPartition, Long> lag;
		try {
			lag = this.partitionRanges.lag(this.groupId, this.topics, LIMIT);
		}
		catch (UnknownTopicException ex) {
			return; // the run failed for it, and says so
		}
		catch (RuntimeException ex) {
			logger.warn("Could not measure the consumer lag of group '{}' after run {}: {}", this.groupId,
					jobExecution.getId(), ex.toString());
			return;
		}
		this.metrics.lag(lag);
		jobExecution.getExecutionContext().putLong(KEY, lag.values().stream().mapToLong(Long::longValue).sum());
		this.jobRepository.updateExecutionContext(jobExecution);
	}

	private static boolean brokersUnreachable(JobExecution jobExecution) {
		for (Throwable failure : jobExecution.getAllFailureExceptions()) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof BrokersUnreachableException) {
					return true;
				}
			}
		}
		return false;
	}

}
