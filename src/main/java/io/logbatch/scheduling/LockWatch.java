package io.logbatch.scheduling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks a held run lock's session every few seconds while its run lasts, and calls back once
 * if the session has ended (a restarted or failed-over PostgreSQL, a dropped connection, a
 * server-side idle timeout): the lock is gone with it, and another run of the group may start.
 * The checks also keep the session from looking idle to {@code idle_session_timeout}.
 */
public final class LockWatch implements AutoCloseable {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "logbatch-lock-watch");
		thread.setDaemon(true);
		return thread;
	});

	public LockWatch(RunLock.Held lock, Duration interval, Runnable onLost) {
		this.timer.scheduleWithFixedDelay(() -> {
			if (!lock.isAlive()) {
				this.timer.shutdown();
				onLost.run();
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
