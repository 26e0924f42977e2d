package io.logbatch.processing;

import io.logbatch.LogbatchProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The processing rules of {@code logbatch.process.*}, for the job and the {@code parse} command. */
@Configuration(proxyBeanMethods = false)
class ProcessingConfiguration {

	@Bean
	EventRules eventRules(LogbatchProperties properties) {
		return EventRules.of(properties.process());
	}

}
