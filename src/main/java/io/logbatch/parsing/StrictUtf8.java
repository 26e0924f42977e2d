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
