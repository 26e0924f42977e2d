package io.logbatch.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logbatch.parsing.LogEvent;
import io.logbatch.parsing.ParsedRecord;
import org.jspecify.annotations.Nullable;

/**
 * The processing rules of {@code logbatch.process.*}, applied to the events of each record after parsing
 * and before writing, in this order: drop ({@code below-level}, then each of {@code drop.rules}), redact
 * ({@code redact.fields}, {@code redact.patterns}), add fields. An event's attributes are read into a tree
 * only when a rule looks inside them, and written back once, only when one changed them. Without any rule a
 * record is handed on as it came. Before every rule, an event older than the store's retention
 * ({@link #expiringBefore}) is dropped as {@link #EXPIRED}: it would land in a day that the next prune
 * drops. Immutable and thread-safe: the read-ahead threads share one.
 */
public final class EventRules {

	/** The name under which events dropped by {@code drop.below-level} are counted as filtered. */
	public static final String BELOW_LEVEL = "below-level";

	/**
	 * The name under which events that occurred before the oldest day the store keeps are counted as
	 * filtered.
	 */
	public static final String EXPIRED = "expired";

	private static final EventRules NONE = new EventRules(-1, List.of(), new Redaction(List.of(), List.of()),
			List.of(), false, null);

	/** Events of a lower rank than this are dropped; -1 for none. */
	private final int belowRank;

	private final List<DropRule> dropRules;

	private final Redaction redaction;

	private final List<AddedField> addedFields;

	private final boolean changesEvents;

	/** Whether any rule of {@code logbatch.process.*} is set; without one only the expiry applies. */
	private final boolean hasRules;

	/** Events that occurred before this are dropped as expired; null for none. */
	private final @Nullable Instant keptFrom;

	private EventRules(int belowRank, List<DropRule> dropRules, Redaction redaction, List<AddedField> addedFields,
			boolean hasRules, @Nullable Instant keptFrom) {
		this.belowRank = belowRank;
		this.dropRules = dropRules;
		this.redaction = redaction;
		this.addedFields = addedFields;
		this.changesEvents = redaction.touchesAttributes() || !addedFields.isEmpty();
		this.hasRules = hasRules;
		this.keptFrom = keptFrom;
	}

	/** No rule at all: every event is kept as parsed. */
	public static EventRules none() {
		return NONE;
	}

	/** The rules of bound, and thus checked, settings; every expression is compiled here, once. */
	public static EventRules of(ProcessSettings settings) {
		if (settings.isEmpty()) {
			return NONE;
		}
		String belowLevel = settings.drop().belowLevel();
		List<DropRule> dropRules = new ArrayList<>();
		List<Map<String, String>> rules = settings.drop().rules();
		for (int i = 0; i < rules.size(); i++) {
			dropRules.add(new DropRule(ProcessSettings.Drop.ruleName(i), rules.get(i)));
		}
		List<RedactPattern> patterns = new ArrayList<>();
		for (ProcessSettings.PatternEntry entry : settings.redact().patterns()) {
			entry.forEach((name, regex) -> {
				BuiltInPattern builtIn = BuiltInPattern.named(name);
				patterns.add((regex == null && builtIn != null) ? builtIn.redactPattern()
						: RedactPattern.custom(name, ProcessSettings.compile(name, regex)));
			});
		}
		List<AddedField> addedFields = new ArrayList<>();
		settings.addFields().forEach((name, value) -> addedFields.add(AddedField.of(name, value)));
		return new EventRules((belowLevel != null) ? LevelRank.of(belowLevel) : -1, List.copyOf(dropRules),
				new Redaction(settings.redact().fields(), patterns), List.copyOf(addedFields), true, null);
	}

	/**
	 * These rules, and before them the store's retention: an event that occurred before {@code keptFrom}
	 * (the start of the oldest day the store keeps) is dropped and counted as {@link #EXPIRED}.
	 * @param keptFrom the start of the oldest day kept; null keeps every event
	 */
	public EventRules expiringBefore(@Nullable Instant keptFrom) {
		if (keptFrom == null && this.keptFrom == null) {
			return this;
		}
		return new EventRules(this.belowRank, this.dropRules, this.redaction, this.addedFields, this.hasRules,
				keptFrom);
	}

	/** The record with the events that the rules keep, changed as the rules say, and what they dropped. */
	public ParsedRecord apply(ParsedRecord record) {
		if (!this.hasRules && this.keptFrom == null) {
			return record;
		}
		List<LogEvent> events = record.events();
		List<LogEvent> kept = null;
		Map<String, Integer> filtered = null;
		for (int i = 0; i < events.size(); i++) {
			LogEvent event = events.get(i);
			String droppedBy;
			LogEvent result;
			if (this.keptFrom != null && event.occurredAt().isBefore(this.keptFrom)) {
				droppedBy = EXPIRED;
				result = null;
			}
			else if (this.hasRules) {
				EventAttributes attributes = new EventAttributes(event.attributes());
				droppedBy = droppedBy(event, attributes);
				result = (droppedBy != null) ? null : change(event, attributes);
			}
			else {
				droppedBy = null;
				result = event;
			}
			if (result != event && kept == null) {
				kept = new ArrayList<>(events.subList(0, i));
			}
			if (droppedBy != null) {
				if (filtered == null) {
					filtered = new HashMap<>(record.filtered());
				}
				filtered.merge(droppedBy, 1, Integer::sum);
			}
			else if (kept != null) {
				kept.add(result);
			}
		}
		if (kept == null) {
			return record;
		}
		return new ParsedRecord(record.source(), kept, (filtered != null) ? filtered : record.filtered());
	}

	/** The name of the first rule that drops an event, or null when it is kept. */
	private @Nullable String droppedBy(LogEvent event, EventAttributes attributes) {
		if (this.belowRank > 0) {
			int rank = LevelRank.of(event.level());
			if (rank >= 0 && rank < this.belowRank) {
				return BELOW_LEVEL;
			}
		}
		for (DropRule rule : this.dropRules) {
			if (rule.matches(event, attributes)) {
				return rule.name();
			}
		}
		return null;
	}

	/** The event redacted and with the added fields; the same instance when nothing changed. */
	private LogEvent change(LogEvent event, EventAttributes attributes) {
		if (!this.changesEvents) {
			return event;
		}
		String message = this.redaction.text(event.message());
		String original = attributes.original();
		if (original != null && this.redaction.touchesAttributes() && this.redaction.mayChange(original)
				&& this.redaction.redact(attributes.tree())) {
			attributes.changed();
		}
		for (AddedField field : this.addedFields) {
			if (attributes.find(field.path()) == null) {
				attributes.add(field);
			}
		}
		String attributesText = attributes.text();
		if (message == event.message() && attributesText == event.attributes()) {
			return event;
		}
		return new LogEvent(event.eventId(), event.occurredAt(), event.level(), event.service(), event.host(),
				message, event.traceId(), attributesText, event.sourceTopic(), event.sourcePartition(),
				event.sourceOffset(), event.publishedAt());
	}

}
