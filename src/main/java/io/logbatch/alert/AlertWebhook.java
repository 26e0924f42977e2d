package io.logbatch.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Posts a JSON body to the alert webhook: each attempt waits at most {@code timeout} to
 * connect and as long again for the answer, and a failed attempt (no answer, or a status
 * other than 2xx) is tried again {@link #BACKOFF} later, up to {@code attempts} tries in
 * all. A webhook that still fails is logged as a warning, never thrown: an alert must not
 * fail the run it reports. The log names only the webhook's host, as its path often holds a
 * secret token. Thread-safe.
 */
class AlertWebhook {

	/** The wait between attempts. */
	static final Duration BACKOFF = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(AlertWebhook.class);

	private final URI url;

	private final RestClient client;

	private final RetryTemplate retry;

	AlertWebhook(URI url, Duration timeout, int attempts) {
		this.url = url;
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.connectTimeout(timeout)
			.version(HttpClient.Version.HTTP_1_1)
			.build());
		requestFactory.setReadTimeout(timeout);
		this.client = RestClient.builder().requestFactory(requestFactory).build();
		this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(attempts - 1L).delay(BACKOFF).build());
	}

	/** Posts the body as JSON; returns once the webhook took it, or gave up. */
	void send(Object body) {
		try {
			this.retry.execute(() -> this.client.post()
				.uri(this.url)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.retrieve()
				.toBodilessEntity());
			logger.info("Sent the run summary to the alert webhook at {}", host());
		}
		catch (RetryException ex) {
			logger.warn("The alert webhook at {} failed {} time(s), last: {}", host(), ex.getExceptions().size(),
					describe(ex.getLastException()));
		}
		catch (RuntimeException ex) {
			logger.warn("The alert webhook at {} failed: {}", host(), describe(ex));
		}
	}

	/** The failure without Spring's message, which quotes the whole URL. */
	private static String describe(Throwable failure) {
		if (failure instanceof RestClientResponseException response) {
			return "HTTP " + response.getStatusCode().value();
		}
		Throwable cause = (failure instanceof ResourceAccessException io && io.getCause() != null) ? io.getCause()
				: failure;
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	private String host() {
		return this.url.getScheme() + "://" + this.url.getHost()
				+ ((this.url.getPort() >= 0) ? ":" + this.url.getPort() : "");
	}

}
