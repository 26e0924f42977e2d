package io.logbatch.parsing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 without replacement: {@code new String(bytes, UTF_8)} would silently turn malformed input
 * into U+FFFD and store corrupted text as if it were valid.
 */
final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * Rejects bytes that are not UTF-8 as {@link #decode} does, decoding only when there is a byte outside
	 * ASCII: ASCII is UTF-8, and most log records are ASCII.
	 */
	static void check(byte[] bytes) {
		if (!isAscii(bytes)) {
			decode(bytes);
		}
	}

	/** The text of strictly valid UTF-8, or the rejection of {@link #decode}. */
	static String decodeToString(byte[] bytes) {
		// a String from ASCII bytes is one copy; decode then toString are two, and a decoder
		return isAscii(bytes) ? new String(bytes, StandardCharsets.ISO_8859_1) : decode(bytes).toString();
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	static CharBuffer decode(byte[] bytes) {
		ByteBuffer input = ByteBuffer.wrap(bytes);
		try {
			// A decoder is stateful, so each call gets its own; creating one is cheap.
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(input);
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRecordException(InvalidRecordException.Reason.NOT_UTF8,
					"record value is not valid UTF-8: malformed byte sequence at byte offset " + input.position());
		}
	}

}
