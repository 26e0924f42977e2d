package io.logbatch.report;

import java.time.Duration;

import io.logbatch.LogbatchProperties.Workers;
import io.logbatch.LogbatchProperties;
import io.logbatch.metrics.RecordMetrics;
import io.logbatch.offsets.PartitionRanges;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The run's reporting listeners, which the ingestion job picks up with every other
 * {@code JobExecutionListener}. The orders place them among the run's listeners, whose
 * {@code afterJob} runs in reverse order: the lag is measured after the progress line has
 * stopped, and before the alert reports it.
 */
@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

	@Bean
	@Order(200)
	RunLag runLag(PartitionRanges partitionRanges, RecordMetrics recordMetrics, JobRepository jobRepository,
			LogbatchProperties properties) {
		return new RunLag(partitionRanges, recordMetrics, jobRepository, properties.groupId(), properties.topics());
	}

	@Bean
	@Order(400)
	RunProgress runProgress(JobRepository jobRepository, LogbatchProperties properties) {
		return new RunProgress(Duration.ofSeconds(5),
				(properties.workers() == Workers.REMOTE) ? jobRepository : null);
	}

}
