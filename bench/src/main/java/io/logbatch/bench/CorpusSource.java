package io.logbatch.bench;

import java.util.function.Consumer;

/** The records of a corpus, generated again on every call, in the order they are sent. */
interface CorpusSource {

	void forEach(Consumer<CorpusRecord> action);

}
