package io.logbatch.bench;

/**
 * What a generated corpus looks like.
 *
 * @param records how many Kafka records, duplicates and malformed ones included
 * @param partitions the partitions of the topic; record {@code i} goes to partition {@code i % partitions}
 * @param duplicates the share of records that repeat an earlier record
 * @param malformed the share of records that are not JSON
 * @param seed the same seed gives the same corpus, byte for byte
 */
record CorpusShape(int records, int partitions, double duplicates, double malformed, long seed) {

	CorpusShape {
		if (records < 1 || partitions < 1) {
			throw new IllegalArgumentException("a corpus needs at least one record and one partition");
		}
		if (duplicates < 0 || malformed < 0 || duplicates + malformed >= 1) {
			throw new IllegalArgumentException("the duplicate and malformed shares must be >= 0 and add up to < 1");
		}
	}

	CorpusShape withMalformed(double share) {
		return new CorpusShape(this.records, this.partitions, this.duplicates, share, this.seed);
	}

}
