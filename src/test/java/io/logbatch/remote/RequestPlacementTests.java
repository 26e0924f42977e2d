package io.logbatch.remote;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPlacementTests {

	@Test
	void requestsTakeTurnsOverTheLiveWorkers() {
		// given two workers holding request partitions 0-7 and 8-15
		RequestPlacement placement = new RequestPlacement(List.of(range(0, 8), range(8, 16)), 16);

		// when
		List<Integer> partitions = IntStream.range(0, 4).mapToObj(placement::partitionOf).toList();

		// then two requests go to each worker, on different partitions of it
		assertThat(partitions).containsExactly(0, 8, 1, 9);
	}

	@Test
	void aWorkerWithoutPartitionsGetsNothing() {
		RequestPlacement placement = new RequestPlacement(List.of(List.of(), List.of(3)), 16);

		assertThat(IntStream.range(0, 3).mapToObj(placement::partitionOf).toList()).containsExactly(3, 3, 3);
	}

	@Test
	void withNoWorkerKnownRequestsGoRoundTheTopic() {
		RequestPlacement placement = new RequestPlacement(List.of(), 3);

		assertThat(IntStream.range(0, 4).mapToObj(placement::partitionOf).toList()).containsExactly(0, 1, 2, 0);
	}

	private static List<Integer> range(int from, int to) {
		return IntStream.range(from, to).boxed().toList();
	}

}
