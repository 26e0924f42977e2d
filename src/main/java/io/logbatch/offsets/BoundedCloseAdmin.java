package io.logbatch.offsets;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.ForwardingAdmin;

/**
 * The admin client, whose {@link #close()} waits at most {@link #CLOSE_LIMIT} for calls still
 * in flight. {@code Admin.close()} waits without limit for each such call's own timeout: a
 * minute after the brokers stopped answering, at the end of a run that had already failed for
 * it. Thread-safe, as the admin client is.
 */
class BoundedCloseAdmin extends ForwardingAdmin {

	static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

	BoundedCloseAdmin(Map<String, Object> configs) {
		super(configs);
	}

	@Override
	public void close() {
		close(CLOSE_LIMIT);
	}

}
