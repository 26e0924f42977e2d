package io.logbatch.store;

import java.time.Duration;

/**
 * How long a prune waits for the locks and the transactions it needs, so that it never queues for
 * long behind a long transaction, and nobody queues behind it.
 *
 * @param lockTimeout PostgreSQL's {@code lock_timeout} for each step: also the longest wait of a
 * concurrent detach for the transactions that still use {@code log_event}
 * @param attempts tries of a partition whose steps keep timing out, the first included
 * @param backoff the pause between tries
 */
record LockWaits(Duration lockTimeout, int attempts, Duration backoff) {

	/** About 20 s at most before a prune gives a partition up until the next prune. */
	static final LockWaits DEFAULT = new LockWaits(Duration.ofSeconds(5), 3, Duration.ofSeconds(2));

}
