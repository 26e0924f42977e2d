package io.logbatch.processing;

/**
 * Cheap tests of what a text must contain before a regular expression or a JSON parse is worth running.
 * Each is a necessary condition: it may pass for a text that then holds no match, never fail for one that
 * holds one. They also hold for the JSON text of an attributes object when they hold for one of its
 * strings, since JSON writers escape only quotes, backslashes and control characters, none of which the
 * tests look for.
 */
final class Texts {

	private Texts() {
	}

	/** Whether {@code text} contains {@code part}, ignoring case as {@link String#CASE_INSENSITIVE_ORDER} does. */
	static boolean containsIgnoreCase(String text, String part) {
		if (part.isEmpty()) {
			return true;
		}
		// regionMatches only where the first character matches: calling it at every position costs as much
		// as a regex scan
		char first = part.charAt(0);
		char upper = Character.toUpperCase(first);
		char lower = Character.toLowerCase(first);
		int last = text.length() - part.length();
		for (int i = 0; i <= last; i++) {
			char c = text.charAt(i);
			if ((c == upper || c == lower || c == first
					|| (c >= 0x80 && Character.toLowerCase(Character.toUpperCase(c)) == lower))
					&& text.regionMatches(true, i, part, 0, part.length())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code text} has a run of at least {@code count} ASCII digits, in which a single space or dash
	 * may separate two digits, as in {@code 4242 4242 4242 4242}.
	 */
	static boolean hasDigitRun(String text, int count) {
		int digits = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isDigit(c)) {
				if (++digits >= count) {
					return true;
				}
			}
			else if (!((c == ' ' || c == '-') && digits > 0 && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
				digits = 0;
			}
		}
		return false;
	}

	/** Whether {@code text} has at least {@code count} dots with a digit on each side, as a dotted quad has 3. */
	static boolean hasDigitDots(String text, int count) {
		int found = 0;
		for (int i = text.indexOf('.', 1); i > 0 && i < text.length() - 1; i = text.indexOf('.', i + 1)) {
			if (isDigit(text.charAt(i - 1)) && isDigit(text.charAt(i + 1)) && ++found >= count) {
				return true;
			}
		}
		return false;
	}

	/** Whether {@code text} contains any of {@code parts}. */
	static boolean containsAny(String text, String... parts) {
		for (String part : parts) {
			if (text.contains(part)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a name is written as itself in JSON text: no quote, backslash or control character to escape. */
	static boolean isVerbatimInJson(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '"' || c == '\\' || c < 0x20) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
