package io.logbatch.parsing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The fallback event ids of the log records of one OTLP record: the lowercase hex SHA-256 of the value bytes
 * followed by the log record's index as a 4-byte big-endian int. A fixed-width index keeps every (value,
 * index) pair its own input, and the same bytes delivered again give every event its id again. The value is
 * hashed once and the digest's state copied for each index, so a request of many log records costs one pass
 * over its bytes, not one per record. One instance per record: not thread-safe.
 */
final class OtlpContentHash {

	private static final HexFormat HEX = HexFormat.of();

	private final byte[] value;

	private @Nullable MessageDigest prefix;

	OtlpContentHash(byte[] value) {
		this.value = value;
	}

	/** The id of the log record at {@code index}. */
	String of(int index) {
		MessageDigest digest = digestOfValue();
		digest.update(new byte[] { (byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8),
				(byte) index });
		return HEX.formatHex(digest.digest());
	}

	private MessageDigest digestOfValue() {
		try {
			if (this.prefix == null) {
				this.prefix = sha256();
				this.prefix.update(this.value);
			}
			return (MessageDigest) this.prefix.clone();
		}
		catch (CloneNotSupportedException ex) {
			// a provider whose digests cannot be copied: hash the value again
			MessageDigest digest = sha256();
			digest.update(this.value);
			return digest;
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

}
