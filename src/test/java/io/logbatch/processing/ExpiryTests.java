package io.logbatch.processing;

import java.time.Instant;
import java.util.Map;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.junit.jupiter.api.Test;

import static io.logbatch.processing.Rules.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's retention as a rule: an event that occurred before the oldest day the store keeps is
 * dropped and counted as {@code expired}, before any rule of {@code logbatch.process.*} looks at it.
 */
class ExpiryTests {

	private static final Instant KEPT_FROM = Instant.parse("2026-11-01T00:00:00Z");

	@Test
	void dropsEventsBeforeTheOldestDayKeptAndCountsThemAsExpired() {
		// given events of the day before the oldest kept, its last microsecond, the first instant kept, and now
		ParsedRecord record = record(at("a", "2026-10-31T12:00:00Z"), at("b", "2026-10-31T23:59:59.999999Z"),
				at("c", "2026-11-01T00:00:00Z"), at("d", "2026-12-01T10:00:00Z"), at("e", "0001-01-01T00:00:00Z"));

		// when
		ParsedRecord processed = EventRules.none().expiringBefore(KEPT_FROM).apply(record);

		// then
		assertThat(processed.events()).extracting(LogEvent::eventId).containsExactly("c", "d");
		assertThat(processed.filtered()).isEqualTo(Map.of(EventRules.EXPIRED, 3));
	}

	@Test
	void countsAnEventThatIsExpiredAndBelowTheLevelAsExpiredAndRunsTheRulesOnTheOthers() {
		// given
		EventRules rules = Rules.of("drop.below-level", "INFO", "add-fields.env", "prod").expiringBefore(KEPT_FROM);
		LogEvent oldDebug = new LogEvent("old", Instant.parse("2026-10-01T00:00:00Z"), "DEBUG", null, null, "x", null,
				null, "logs", 0, 0L, KEPT_FROM);
		LogEvent newDebug = new LogEvent("new", KEPT_FROM, "DEBUG", null, null, "x", null, null, "logs", 0, 1L,
				KEPT_FROM);
		LogEvent newInfo = new LogEvent("info", KEPT_FROM, "INFO", null, null, "x", null, null, "logs", 0, 2L,
				KEPT_FROM);

		// when
		ParsedRecord processed = rules.apply(record(oldDebug, newDebug, newInfo));

		// then
		assertThat(processed.filtered()).isEqualTo(Map.of(EventRules.EXPIRED, 1, EventRules.BELOW_LEVEL, 1));
		assertThat(processed.events()).singleElement()
			.satisfies((event) -> assertThat(event.attributes()).isEqualTo("{\"env\":\"prod\"}"));
	}

	@Test
	void handsOnARecordWithoutExpiredEventsAsItCame() {
		// given
		ParsedRecord record = record(at("d", "2026-12-01T10:00:00Z"));

		// then
		assertThat(EventRules.none().expiringBefore(KEPT_FROM).apply(record)).isSameAs(record);
		assertThat(EventRules.none().expiringBefore(null)).isSameAs(EventRules.none());
	}

	private static LogEvent at(String eventId, String occurredAt) {
		Instant time = Instant.parse(occurredAt);
		return new LogEvent(eventId, time, "INFO", null, null, "m", null, null, "logs", 0, 0L, time);
	}

}
