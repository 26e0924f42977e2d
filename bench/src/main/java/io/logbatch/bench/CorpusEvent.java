package io.logbatch.bench;

import java.time.Instant;

/**
 * One log event of a corpus: an HTTP request handled by a service, with every field that some input
 * format carries. Each format renders the fields it naturally has ({@link FormatLines},
 * {@link OtlpRequests}); JSON renders the SPEC's input form.
 *
 * @param eventId a random UUID
 * @param occurredAt when the request was handled, millisecond precision
 * @param publishedAt when the producer sent it, a few ms later
 * @param level INFO, DEBUG, WARN (404) or ERROR (500)
 * @param service the service that handled it
 * @param host the service's instance, {@code <service>-<n>}
 * @param method the HTTP method
 * @param resource the REST resource, {@code orders}, {@code customers}, ...
 * @param resourceId the id in the path
 * @param status the HTTP status
 * @param durationMs how long it took
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param clientIp the client's address
 * @param userAgent the client's {@code User-Agent}
 * @param referer the {@code Referer}, {@code -} when absent
 * @param responseBytes the body bytes sent
 * @param thread the Tomcat worker thread that handled it
 */
record CorpusEvent(String eventId, Instant occurredAt, Instant publishedAt, String level, String service, String host,
		String method, String resource, int resourceId, int status, int durationMs, String traceId, String spanId,
		String clientIp, String userAgent, String referer, int responseBytes, String thread) {

	/** The request path: {@code /api/v2/orders/1234}. */
	String path() {
		return "/api/v2/" + this.resource + "/" + this.resourceId;
	}

	/** The message every format but CLF carries: {@code GET /api/v2/orders/1234 200}. */
	String message() {
		return this.method + " " + path() + " " + this.status;
	}

	/** The class that logged it: {@code checkout.OrdersController}. */
	String logger() {
		return this.service + "." + Character.toUpperCase(this.resource.charAt(0)) + this.resource.substring(1)
				+ "Controller";
	}

	/** The service instance's process id, fixed per host. */
	int pid() {
		return 1000 + Math.floorMod(this.host.hashCode(), 30_000);
	}

}
