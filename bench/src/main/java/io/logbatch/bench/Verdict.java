package io.logbatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The correctness checks of one contender's run, as one line of text. */
final class Verdict {

	private final List<String> lines = new ArrayList<>();

	private boolean ok = true;

	/** Checks that {@code actual} equals {@code expected}. */
	Verdict expect(String what, Object actual, Object expected) {
		if (Objects.equals(actual, expected)) {
			this.lines.add(what + " " + actual);
		}
		else {
			this.ok = false;
			this.lines.add(what + " " + actual + " (expected " + expected + ")");
		}
		return this;
	}

	/** Adds a fact that is not checked. */
	Verdict note(String fact) {
		this.lines.add(fact);
		return this;
	}

	boolean ok() {
		return this.ok;
	}

	@Override
	public String toString() {
		return (this.ok ? "OK: " : "FAILED: ") + String.join(", ", this.lines);
	}

}
