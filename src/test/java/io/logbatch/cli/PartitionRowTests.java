package io.logbatch.cli;

import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionRowTests {

	@Test
	void showsProgressAsOffsetsDoneOfTheRangeAndAMissingWorkerOrEndAsADash() {
		// given a partition under way, part of a range that did not start at offset 0
		OffsetDateTime start = OffsetDateTime.parse("2025-06-01T02:00:00+02:00");
		PartitionRow row = new PartitionRow("logs", 2, "STARTED", null, start, null, 812, 800, 10, 0, Map.of(), 2, 0,
				0, 5000, 5812, 6000, 81);

		// when
		String[] cells = row.cells();

		// then
		assertThat(cells).containsExactly("logs-2", "STARTED", "-", "2025-06-01 02:00:00", "-", "812", "800", "10",
				"2", "812/1000 (81%)");
		assertThat(cells).hasSameSizeAs(PartitionRow.HEADERS);
	}

}
