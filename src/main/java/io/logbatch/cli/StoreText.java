package io.logbatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import io.logbatch.LogbatchProperties.Store;
import io.logbatch.store.PrunePlan;
import org.jspecify.annotations.Nullable;

/** How {@code prune} and {@code status --store} word the store's retentions, days and sizes. */
final class StoreText {

	private static final String[] UNITS = { "B", "kB", "MB", "GB", "TB", "PB" };

	private StoreText() {
	}

	/** {@code Retention 30d (logbatch.store.retention): partitions of days before 2026-11-01 are dropped.} */
	static String retention(PrunePlan plan) {
		if (plan.settings().retention() == null) {
			return "Retention: none (logbatch.store.retention is not set): every partition is kept.";
		}
		return "Retention " + Store.describe(plan.settings().retention())
				+ " (logbatch.store.retention): partitions of days before " + day(plan.keptFrom())
				+ " (UTC) are dropped.";
	}

	static String rollupRetention(PrunePlan plan) {
		return "Rollup retention " + Store.describe(plan.settings().rollupRetention())
				+ " (logbatch.store.rollup-retention): rows of log_rollup before " + day(plan.rollupsKeptFrom())
				+ " are deleted.";
	}

	static String day(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC).toLocalDate().toString() : "-";
	}

	/** A duration in seconds to the millisecond: {@code 0.214 s}. */
	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
	}

	/** Bytes as PostgreSQL's {@code pg_size_pretty} writes them: {@code 8192 bytes}, {@code 16 kB}, {@code 3 GB}. */
	static String size(long bytes) {
		if (bytes < 10 * 1024) {
			return bytes + " bytes";
		}
		double value = bytes;
		int unit = 0;
		while (Math.round(value) >= 10 * 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return Math.round(value) + " " + UNITS[unit];
	}

}
