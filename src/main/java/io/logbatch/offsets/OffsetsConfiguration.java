package io.logbatch.offsets;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class OffsetsConfiguration {

	@Bean(destroyMethod = "close")
	Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	GroupOffsetCommitter groupOffsetCommitter(Admin admin, LogbatchProperties properties) {
		return new GroupOffsetCommitter(admin, properties.groupId());
	}

	@Bean
	PartitionRanges partitionRanges(Admin admin, OffsetStore offsetStore) {
		return new PartitionRanges(admin, offsetStore);
	}

}
