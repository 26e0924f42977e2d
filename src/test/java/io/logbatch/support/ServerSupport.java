package io.logbatch.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.FileSystemUtils;

/**
 * What the restartable test servers share: loopback ports to come back on, excerpts of their
 * log for failure messages, and removing their directory.
 */
final class ServerSupport {

	// Below Linux's default ephemeral range (32768-60999): while a server is down for a restart,
	// no client's outgoing connection can be given its port, and no other test's port-0 server either.
	private static final int LOWEST_PORT = 15000;

	private static final int PORTS = 17000;

	private static final int ATTEMPTS = 1000;

	private static final int ERROR_LINES = 20;

	private static final int LAST_LINES = 30;

	private ServerSupport() {
	}

	/** Distinct ports that are free on 127.0.0.1 now. */
	static int[] freeLoopbackPorts(int count) {
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int attempt = 0; held.size() < count; attempt++) {
				if (attempt == ATTEMPTS) {
					throw new IllegalStateException("No free port on 127.0.0.1 from " + LOWEST_PORT + " to "
							+ (LOWEST_PORT + PORTS - 1));
				}
				int port = LOWEST_PORT + ThreadLocalRandom.current().nextInt(PORTS);
				ServerSocket socket = new ServerSocket();
				try {
					socket.bind(new InetSocketAddress("127.0.0.1", port));
					held.add(socket);
				}
				catch (IOException ex) {
					// taken; held ports fail here too, which keeps the ports distinct
					socket.close();
				}
			}
			return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not look for free ports", ex);
		}
		finally {
			for (ServerSocket socket : held) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// it was only a probe
				}
			}
		}
	}

	/**
	 * What a failure message shows of a server's log from a byte offset on: its error lines, which
	 * the shutdown after a fatal error pushes out of the tail, then its last lines.
	 */
	static String logExcerpt(Path log, long from) {
		List<String> lines;
		try {
			byte[] bytes = Files.readAllBytes(log);
			int start = (int) Math.min(from, bytes.length);
			lines = List.of(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).split("\n"));
		}
		catch (NoSuchFileException ex) {
			return "no log at " + log;
		}
		catch (IOException ex) {
			return "log " + log + " unreadable: " + ex;
		}
		List<String> errors = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains("ERROR") || lines.get(i).contains("FATAL")) {
				errors.add(lines.get(i));
				// the exception's first line, which says what went wrong
				if (i + 1 < lines.size() && !lines.get(i + 1).isEmpty()
						&& !Character.isDigit(lines.get(i + 1).charAt(0))) {
					errors.add(lines.get(i + 1));
				}
			}
		}
		return "errors in " + log + ":\n" + String.join("\n", last(errors, ERROR_LINES)) + "\nlast lines:\n"
				+ String.join("\n", last(lines, LAST_LINES));
	}

	/** Where a server's log ends now: the start of what its next run writes. */
	static long logEnd(Path log) {
		try {
			return Files.exists(log) ? Files.size(log) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static void deleteQuietly(Path directory) {
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			// a temporary directory; the system cleans it eventually
		}
	}

	private static List<String> last(List<String> lines, int count) {
		return lines.subList(Math.max(0, lines.size() - count), lines.size());
	}

}
