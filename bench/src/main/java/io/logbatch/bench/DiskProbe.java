package io.logbatch.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How fast the disk under the system's temporary directory, where the broker and PostgreSQL keep
 * their data, writes and flushes now. On a virtual disk it varies from run to run, and the
 * contenders' figures with it.
 */
final class DiskProbe {

	private static final int BLOCK = 1 << 20;

	private static final int BLOCKS = 256;

	private DiskProbe() {
	}

	/** Writes 256 MiB to a temporary file, flushes it, deletes it: MB (10^6) per second. */
	static double writeMegabytesPerSecond() throws IOException {
		Path file = Files.createTempFile("logbatch-bench-disk", ".probe");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			byte[] bytes = new byte[BLOCK];
			// random bytes, so that no layer below can compress or skip them
			ThreadLocalRandom.current().nextBytes(bytes);
			ByteBuffer block = ByteBuffer.wrap(bytes);
			long start = System.nanoTime();
			for (int i = 0; i < BLOCKS; i++) {
				block.rewind();
				while (block.hasRemaining()) {
					channel.write(block);
				}
			}
			channel.force(true);
			return (double) BLOCK * BLOCKS / 1e6 / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
