package io.logbatch.alert;

import java.net.URI;

import io.logbatch.LogbatchProperties;
import io.logbatch.LogbatchProperties.Alert;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

	@Bean
	DeadLetterAlert deadLetterAlert(LogbatchProperties properties) {
		Alert alert = properties.alert();
		URI url = alert.webhook();
		return new DeadLetterAlert(properties.delivery(),
				(url != null) ? new AlertWebhook(url, alert.timeout(), alert.attempts()) : null);
	}

}
