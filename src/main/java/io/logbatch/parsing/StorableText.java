package io.logbatch.parsing;

/**
 * Finds and replaces the characters that a JSON string can hold but PostgreSQL cannot store: U+0000, which
 * {@code text} and {@code jsonb} reject (jsonb even as its escape), and a lone surrogate, which a JSON
 * {@code "\ud800"} escape decodes to and which has no UTF-8 form, so the encoder on the way to PostgreSQL
 * would write {@code ?} in its place. Both can only come from JSON escapes: the record bytes are strict
 * UTF-8, which has no surrogates, and JSON forbids a raw NUL in a string.
 */
final class StorableText {

	static final char REPLACEMENT = '\uFFFD';

	private StorableText() {
	}

	/** The index of the first U+0000 or lone surrogate, or -1 when PostgreSQL can store every character. */
	static int firstUnstorable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				return i;
			}
			if (Character.isSurrogate(c)) {
				if (!isPairAt(text, i)) {
					return i;
				}
				i++;
			}
		}
		return -1;
	}

	/**
	 * Replaces each U+0000 and lone surrogate by U+FFFD, keeping the rest of the text and marking where the
	 * character was; returns the same instance when there is nothing to replace.
	 */
	static String replaceUnstorable(String text) {
		int first = firstUnstorable(text);
		if (first < 0) {
			return text;
		}
		char[] chars = text.toCharArray();
		for (int i = first; i < chars.length; i++) {
			char c = chars[i];
			if (c == '\0') {
				chars[i] = REPLACEMENT;
			}
			else if (Character.isSurrogate(c)) {
				if (isPairAt(text, i)) {
					i++;
				}
				else {
					chars[i] = REPLACEMENT;
				}
			}
		}
		return new String(chars);
	}

	/** Describes the character at {@code index} for a message: {@code U+0000} or {@code U+D800}. */
	static String describe(String text, int index) {
		return String.format("U+%04X", (int) text.charAt(index));
	}

	private static boolean isPairAt(String text, int index) {
		return Character.isHighSurrogate(text.charAt(index)) && index + 1 < text.length()
				&& Character.isLowSurrogate(text.charAt(index + 1));
	}

}
