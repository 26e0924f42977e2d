package io.logbatch.alert;

import java.net.URI;

import io.logbatch.LogbatchProperties.Alert;
import io.logbatch.LogbatchProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

	/**
	 * Among the first of the run's listeners: its afterJob runs last but for the store's prune, once the
	 * run's lag is known.
	 */
	@Bean
	@Order(100)
	DeadLetterAlert deadLetterAlert(LogbatchProperties properties) {
		Alert alert = properties.alert();
		URI url = alert.webhook();
		return new DeadLetterAlert(properties.delivery(),
				(url != null) ? new AlertWebhook(url, alert.timeout(), alert.attempts()) : null);
	}

}
