package io.logbatch.bench;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The small run of {@code bench/run --small-run}: logbatch as a scheduler starts it every few minutes,
 * on a topic of {@value #PARTITIONS} partitions whose group has caught up, to store the few records
 * that arrived since its last run. The group first reads an earlier backlog of {@value #BACKLOG}
 * records (untimed); then, {@value #RUNS} times, {@value #NEW_RECORDS} new records are sent over the
 * partitions and a run of the same group stores them, measured from the start of its JVM to its exit.
 * <p>
 * It runs in a database of its own, which no other contender empties, so the group's offsets and rows
 * stay from one run to the next; before each run the database checkpoints and the disks are synced.
 * The records are of the main corpus's shape (duplicates, malformed share), each batch from a seed of
 * its own, so its events are new.
 */
final class SmallRuns {

	static final String TOPIC = "bench-small";

	static final int PARTITIONS = 48;

	static final int BACKLOG = 48_000;

	static final int NEW_RECORDS = 1_000;

	static final int RUNS = 3;

	private final BenchTopics topics;

	private final BenchDatabase database;

	private final LogbatchContender logbatch;

	private final CorpusShape shape;

	private final Consumer<String> progress;

	/**
	 * @param database a database of its own, with logbatch's schema
	 * @param shape the main corpus's shape: its duplicate and malformed shares and seed
	 * @param progress prints a line of progress
	 */
	SmallRuns(BenchTopics topics, BenchDatabase database, LogbatchContender logbatch, CorpusShape shape,
			Consumer<String> progress) {
		this.topics = topics;
		this.database = database;
		this.logbatch = logbatch;
		this.shape = shape;
		this.progress = progress;
	}

	/** The catch-up run, then the timed runs. */
	List<Run> run() throws IOException, SQLException {
		List<Run> runs = new ArrayList<>();
		this.topics.create(TOPIC, PARTITIONS);
		CorpusStats backlog = send(BACKLOG, 0);
		this.progress.accept("small run: the group catches up on a backlog of " + BACKLOG + " records");
		runs.add(report(new Run("catch-up (untimed)", false, backlog.records(),
				this.logbatch.runAgain("small run, catch-up", "catch-up", TOPIC, backlog, this.database, this.topics))));
		for (int run = 1; run <= RUNS; run++) {
			CorpusStats arrived = send(NEW_RECORDS, run);
			this.progress.accept("small run " + run + " of " + RUNS + ": " + NEW_RECORDS + " new records");
			runs.add(report(new Run("run " + run, true, arrived.records(), this.logbatch.runAgain("small run " + run,
					"run" + run, TOPIC, arrived, this.database, this.topics))));
		}
		return runs;
	}

	private CorpusStats send(int records, int batch) {
		CorpusShape batchShape = new CorpusShape(records, PARTITIONS, this.shape.duplicates(), this.shape.malformed(),
				this.shape.seed() + 1000 + batch);
		return this.topics.load(TOPIC, new Corpus(batchShape));
	}

	private Run report(Run run) {
		this.progress.accept(String.format(Locale.ROOT, "small run, %s: wall %.2f s, CPU %.2f s, peak RSS %.0f MiB, %s",
				run.name(), run.figures().wallSeconds(), run.cpuSeconds(), run.figures().peakRssMebibytes(),
				run.figures().verdict()));
		return run;
	}

	/**
	 * One run of the group.
	 *
	 * @param name which
	 * @param timed whether it is one of the measured runs, not the catch-up
	 * @param records the records that arrived for it
	 * @param figures its figures
	 */
	record Run(String name, boolean timed, long records, Figures figures) {

		/** The job JVM's CPU seconds, user and system. */
		double cpuSeconds() {
			return this.figures.cpuSecondsPerMillion() * this.records / 1e6;
		}

	}

}
