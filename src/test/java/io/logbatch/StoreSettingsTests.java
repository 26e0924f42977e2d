package io.logbatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.logbatch.LogbatchProperties.Store;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code logbatch.store.*} binds, and which days its retentions keep: whole UTC days, the oldest
 * the one that has not yet ended longer ago than the retention.
 */
class StoreSettingsTests {

	@Test
	void keepsEverythingForeverAndRollupsFourHundredDaysWhenNothingIsSet() {
		// when
		Store store = bind(Map.of()).store();

		// then
		assertThat(store.retention()).isNull();
		assertThat(store.keptFrom(Instant.parse("2026-12-01T10:00:00Z"))).isNull();
		assertThat(store.rollupRetention()).isEqualTo(Duration.ofDays(400));
		assertThat(store.indexAttributes()).isFalse();
	}

	@Test
	void readsDaysHoursAndANumberWithoutUnitAsDays() {
		assertThat(bind(Map.of("logbatch.store.retention", "30d")).store().retention()).isEqualTo(Duration.ofDays(30));
		assertThat(bind(Map.of("logbatch.store.retention", "36h")).store().retention()).isEqualTo(Duration.ofHours(36));
		assertThat(bind(Map.of("logbatch.store.retention", "30")).store().retention()).isEqualTo(Duration.ofDays(30));
		assertThat(bind(Map.of("logbatch.store.rollup-retention", "P90D", "logbatch.store.index-attributes", "true"))
			.store()).isEqualTo(new Store(null, Duration.ofDays(90), true));
	}

	@Test
	void keepsFromTheStartOfTheDayThatHasNotEndedLongerAgoThanTheRetention() {
		// given 30 days
		Store store = new Store(Duration.ofDays(30), Duration.ofDays(400), false);

		// then the oldest day kept is the one holding now - 30 days: the day before it ended longer ago
		assertThat(store.keptFrom(Instant.parse("2026-12-01T10:00:00Z"))).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		assertThat(store.keptFrom(Instant.parse("2026-12-01T23:59:59.999999Z")))
			.isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		// the instant the day of 2026-11-01 has ended 30 days ago
		assertThat(store.keptFrom(Instant.parse("2026-12-02T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
		assertThat(new Store(Duration.ofHours(36), Duration.ofDays(1), false).keptFrom(Instant.parse("2026-12-01T10:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
		assertThat(store.rollupsKeptFrom(Instant.parse("2026-12-01T10:00:00Z")))
			.isEqualTo(Instant.parse("2025-10-27T00:00:00Z"));
	}

	@Test
	void rejectsARetentionUnderADayNamingTheKey() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("logbatch.store.retention", "12h")))
			.havingRootCause()
			.withMessage("logbatch.store.retention must be at least 1d: partitions hold whole days, was 12h");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("logbatch.store.rollup-retention", "0d")))
			.havingRootCause()
			.withMessage("logbatch.store.rollup-retention must be at least 1d: rollups are kept by whole days, was 0ms");
	}

	@Test
	void rejectsADurationThatIsNoneNamingTheKey() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("logbatch.store.retention", "30 days")))
			.satisfies((ex) -> assertThat(ex.getName().toString()).isEqualTo("logbatch.store.retention"));
	}

	private static LogbatchProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("logbatch",
				LogbatchProperties.class);
	}

}
