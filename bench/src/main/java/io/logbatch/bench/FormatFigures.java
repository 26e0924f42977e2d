package io.logbatch.bench;

/**
 * One logbatch run of the formats comparison: a format's corpus (or JSON's with the processing rules),
 * with its figures per event as well as per record.
 *
 * @param round which pass over the formats it belongs to, from 1
 * @param name the format's name, or {@code json+rules}
 * @param corpus what its topic holds
 * @param figures the run's figures, per record
 */
record FormatFigures(int round, String name, CorpusStats corpus, Figures figures) {

	double eventsPerSecond() {
		return this.corpus.events() / this.figures.jobSeconds();
	}

	/** The job JVM's CPU seconds per million events; none when it ran no job (it failed to start). */
	double cpuSecondsPerMillionEvents() {
		return Double.isNaN(this.figures.jobSeconds()) ? Double.NaN
				: this.figures.cpuSecondsPerMillion() * this.corpus.records() / this.corpus.events();
	}

}
