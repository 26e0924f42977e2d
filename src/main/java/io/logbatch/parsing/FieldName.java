package io.logbatch.parsing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * One accepted field name such as {@code log.level}, matching the flat key {@code "log.level"} first and
 * then every nested form ({@code {"log":{"level":...}}}), so ECS and OpenTelemetry shapes are found too.
 * Immutable; the dotted splits are computed once so lookups allocate nothing but the result.
 */
final class FieldName {

	private final String name;

	private final String[] heads;

	private final FieldName[] tails;

	private FieldName(String name) {
		this.name = name;
		int dots = 0;
		for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
			dots++;
		}
		this.heads = new String[dots];
		this.tails = new FieldName[dots];
		int split = 0;
		for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
			this.heads[split] = name.substring(0, i);
			this.tails[split] = new FieldName(name.substring(i + 1));
			split++;
		}
	}

	static FieldName of(String name) {
		return new FieldName(name);
	}

	String name() {
		return this.name;
	}

	/** The keys that finding these names looks up in the object it starts from: each name and its heads. */
	static Set<String> rootKeys(FieldName[]... names) {
		Set<String> keys = new HashSet<>();
		for (FieldName[] aliases : names) {
			for (FieldName alias : aliases) {
				keys.add(alias.name);
				keys.addAll(Arrays.asList(alias.heads));
			}
		}
		return Set.copyOf(keys);
	}

	/**
	 * Finds the first scalar value under this name that {@code accept} allows. Objects and arrays never
	 * match, which is what lets an ECS {@code host} object fall through to {@code host.name}.
	 */
	@Nullable Found find(JsonFields fields, Predicate<Scalar> accept) {
		return find(fields, null, accept);
	}

	private @Nullable Found find(JsonFields fields, @Nullable Location parent, Predicate<Scalar> accept) {
		if (fields.get(this.name) instanceof Scalar scalar && accept.test(scalar)) {
			return new Found(scalar, new Location(fields, this.name, parent));
		}
		for (int i = 0; i < this.heads.length; i++) {
			if (fields.get(this.heads[i]) instanceof JsonFields nested) {
				Found found = this.tails[i].find(nested, new Location(fields, this.heads[i], parent), accept);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** A matched value and where it sits in the tree. */
	record Found(Scalar value, Location location) {
	}

	/** A key in an object, linked to the key that holds that object so that removal can prune upwards. */
	record Location(JsonFields container, String key, @Nullable Location parent) {

		/** Removes the key, then drops objects that this removal left empty. */
		void remove() {
			this.container.remove(this.key);
			if (this.container.isEmpty() && this.parent != null) {
				this.parent.remove();
			}
		}

	}

}
