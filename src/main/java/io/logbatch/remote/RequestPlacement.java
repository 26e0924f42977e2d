package io.logbatch.remote;

import java.util.List;

/**
 * Spreads a run's partition requests evenly over the live workers: Kafka gives each partition
 * of the request topic to one worker, so request {@code i} goes to a partition of worker
 * {@code i mod n}. With no worker known, the requests go round the topic's partitions.
 *
 * @param workers the request-topic partitions each live worker holds, none empty
 * @param topicPartitions the number of partitions of the request topic
 */
record RequestPlacement(List<List<Integer>> workers, int topicPartitions) {

	RequestPlacement {
		workers = workers.stream().filter((held) -> !held.isEmpty()).map(List::copyOf).toList();
	}

	/** The request-topic partition of the request with this sequence number (from 0). */
	int partitionOf(int sequence) {
		if (this.workers.isEmpty()) {
			return Math.floorMod(sequence, this.topicPartitions);
		}
		List<Integer> held = this.workers.get(Math.floorMod(sequence, this.workers.size()));
		return held.get(Math.floorMod(sequence / this.workers.size(), held.size()));
	}

}
