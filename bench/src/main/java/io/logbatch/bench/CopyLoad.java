package io.logbatch.bench;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The COPY-only contender: the rows of {@link CopyRows}, prepared beforehand in a file, loaded with
 * {@code COPY log_event FROM STDIN} and one commit per chunk, on one or more connections that each
 * take a contiguous share of the chunks. Each chunk is read from the file (the page cache, after the
 * preparation wrote it) just before its COPY. It measures the database's side of ingestion alone: no
 * Kafka, no parsing, no JVM start. Closing it deletes the file.
 */
final class CopyLoad implements AutoCloseable {

	private final BenchDatabase database;

	private final CopyRows.Chunks chunks;

	private final OtherLoad otherLoad;

	CopyLoad(BenchDatabase database, CopyRows.Chunks chunks, OtherLoad otherLoad) {
		this.database = database;
		this.chunks = chunks;
		this.otherLoad = otherLoad;
	}

	/**
	 * Empties {@code log_event}, then loads every chunk on {@code connections} connections at once.
	 * @return the time from the first COPY to the last commit, and the CPU time of processes not
	 * the benchmark's meanwhile
	 */
	Result load(int connections) throws SQLException, InterruptedException, IOException {
		this.database.reset();
		List<Connection> open = new ArrayList<>();
		List<FileChannel> files = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			List<Callable<Void>> loads = new ArrayList<>();
			int count = this.chunks.count();
			int share = (count + connections - 1) / connections;
			for (int i = 0; i < connections; i++) {
				Connection connection = this.database.connect();
				connection.setAutoCommit(false);
				open.add(connection);
				FileChannel file = FileChannel.open(this.chunks.file(), StandardOpenOption.READ);
				files.add(file);
				int from = Math.min(i * share, count);
				int to = Math.min((i + 1) * share, count);
				loads.add(() -> copy(connection, file, from, to));
			}
			Map<Long, Long> othersBefore = this.otherLoad.snapshot();
			long start = System.nanoTime();
			for (Future<Void> done : threads.invokeAll(loads)) {
				done.get();
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			return new Result(took, OtherLoad.cpuSeconds(othersBefore, this.otherLoad.snapshot()));
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A COPY failed", ex.getCause());
		}
		finally {
			threads.shutdownNow();
			for (Connection connection : open) {
				connection.close();
			}
			for (FileChannel file : files) {
				file.close();
			}
		}
	}

	// chunks [from, to) of the file, one COPY and one commit each
	private Void copy(Connection connection, FileChannel file, int from, int to) throws SQLException, IOException {
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		for (int chunk = from; chunk < to; chunk++) {
			copy.copyIn(CopyRows.COPY, new ByteArrayInputStream(read(file, chunk)));
			connection.commit();
		}
		return null;
	}

	private byte[] read(FileChannel file, int chunk) throws IOException {
		long start = this.chunks.start(chunk);
		ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(this.chunks.end(chunk) - start));
		while (bytes.hasRemaining()) {
			if (file.read(bytes, start + bytes.position()) < 0) {
				throw new EOFException("The COPY rows end before chunk " + chunk + " does: " + this.chunks.file());
			}
		}
		return bytes.array();
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(this.chunks.file());
	}

	record Result(Duration took, double otherCpuSeconds) {
	}

}
