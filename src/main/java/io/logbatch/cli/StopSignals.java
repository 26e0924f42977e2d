package io.logbatch.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT handling for commands that run the job. The first signal asks for a
 * graceful stop, forwarded once the application has started; the JVM keeps running so that
 * the command ends with its own exit code (0 for {@code schedule}). A second signal ends the
 * process at once, as a kill would: what it was doing is recovered like a crash. Handlers are
 * replaced by the previous ones on {@link #close}.
 */
final class StopSignals implements AutoCloseable {

	private static final List<String> NAMES = List.of("TERM", "INT");

	private final PrintStream err;

	private final Map<Signal, SignalHandler> previous = new HashMap<>();

	private volatile boolean received;

	private volatile @Nullable Runnable stop;

	private StopSignals(PrintStream err) {
		this.err = err;
	}

	static StopSignals install(PrintStream err) {
		StopSignals signals = new StopSignals(err);
		for (String name : NAMES) {
			Signal signal = new Signal(name);
			signals.previous.put(signal, Signal.handle(signal, signals::handle));
		}
		return signals;
	}

	/** Where stop requests go from now on, including one that came before. */
	void forwardTo(Runnable stop) {
		this.stop = stop;
		if (this.received) {
			stop.run();
		}
	}

	private void handle(Signal signal) {
		if (this.received) {
			this.err.println("logbatch: SIG" + signal.getName() + " again: ending at once");
			Signal.handle(signal, SignalHandler.SIG_DFL);
			Signal.raise(signal);
			return;
		}
		this.received = true;
		this.err.println("logbatch: SIG" + signal.getName()
				+ ": stopping at the next chunk boundary (send it again to end at once)");
		Runnable target = this.stop;
		if (target != null) {
			target.run();
		}
	}

	@Override
	public void close() {
		this.previous.forEach(Signal::handle);
	}

}
