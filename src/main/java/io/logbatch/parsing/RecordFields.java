package io.logbatch.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The fields of one record: named fields are taken out by alias, and whatever was not taken becomes the
 * attributes. One instance per record, so not thread-safe and not meant to be.
 */
final class RecordFields {

	private final JsonFields root;

	private final List<FieldName.Location> taken = new ArrayList<>(8);

	RecordFields(JsonFields root) {
		this.root = root;
	}

	/**
	 * Returns the value of the first alias, in order, that has a value {@code accept} allows, and marks only
	 * that one as taken: other aliases that are present stay in the attributes.
	 */
	@Nullable Field take(FieldName[] aliases, Predicate<Scalar> accept) {
		for (FieldName alias : aliases) {
			FieldName.Found found = alias.find(this.root, accept);
			if (found != null) {
				this.taken.add(found.location());
				return new Field(alias.name(), found.value());
			}
		}
		return null;
	}

	/**
	 * Removes the taken fields and returns the rest as compact JSON, or {@code null} when nothing is left.
	 * Call once, after every {@link #take}.
	 */
	@Nullable String attributes() {
		JsonFields rest = remaining();
		return rest.isEmpty() ? null : JsonTree.write(rest);
	}

	/**
	 * Removes the taken fields and returns the rest, for a caller that adds to them before writing them.
	 * Call once, after every {@link #take}.
	 */
	JsonFields remaining() {
		for (FieldName.Location location : this.taken) {
			location.remove();
		}
		return this.root;
	}

	/** A taken value and the alias it was found under, for error messages. */
	record Field(String name, Scalar value) {
	}

}
