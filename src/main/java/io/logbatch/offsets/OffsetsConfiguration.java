package io.logbatch.offsets;

import java.util.Collection;
import java.util.stream.Collectors;

import io.logbatch.LogbatchProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class OffsetsConfiguration {

	@Bean(destroyMethod = "close")
	Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
		return new BoundedCloseAdmin(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	GroupOffsetCommitter groupOffsetCommitter(Admin admin, LogbatchProperties properties) {
		return new GroupOffsetCommitter(admin, properties.groupId());
	}

	/** Among the run's listeners, its afterJob after the alert's and the lag's, before the prune's. */
	@Bean
	@Order(60)
	GroupOffsetCatchUp groupOffsetCatchUp(OffsetStore offsetStore, GroupOffsetCommitter committer, Admin admin,
			LogbatchProperties properties) {
		return new GroupOffsetCatchUp(offsetStore, committer, admin, properties.groupId(), properties.topics());
	}

	@Bean
	PartitionRanges partitionRanges(Admin admin, OffsetStore offsetStore, KafkaAdmin kafkaAdmin) {
		Object servers = kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		String bootstrapServers = (servers instanceof Collection<?> list)
				? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(servers);
		return new PartitionRanges(admin, offsetStore, bootstrapServers);
	}

}
