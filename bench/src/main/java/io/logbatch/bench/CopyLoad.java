package io.logbatch.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * The COPY-only contender: the rows of {@link CopyRows}, prepared in memory beforehand, loaded with
 * {@code COPY log_event FROM STDIN} and one commit per chunk, on one or more connections that each
 * take a contiguous share of the chunks. It measures the database's side of ingestion alone: no
 * Kafka, no parsing, no JVM start.
 */
final class CopyLoad {

	private final BenchDatabase database;

	private final List<byte[]> chunks;

	private final OtherLoad otherLoad;

	CopyLoad(BenchDatabase database, List<byte[]> chunks, OtherLoad otherLoad) {
		this.database = database;
		this.chunks = chunks;
		this.otherLoad = otherLoad;
	}

	/**
	 * Empties {@code log_event}, then loads every chunk on {@code connections} connections at once.
	 * @return the time from the first COPY to the last commit, and the CPU time of processes not
	 * the benchmark's meanwhile
	 */
	Result load(int connections) throws SQLException, InterruptedException {
		this.database.reset();
		List<Connection> open = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try {
			List<Callable<Void>> loads = new ArrayList<>();
			int share = (this.chunks.size() + connections - 1) / connections;
			for (int i = 0; i < connections; i++) {
				Connection connection = this.database.connect();
				connection.setAutoCommit(false);
				open.add(connection);
				List<byte[]> mine = this.chunks.subList(Math.min(i * share, this.chunks.size()),
						Math.min((i + 1) * share, this.chunks.size()));
				loads.add(() -> copy(connection, mine));
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
		}
	}

	private static Void copy(Connection connection, List<byte[]> chunks) throws SQLException, IOException {
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		for (byte[] chunk : chunks) {
			copy.copyIn(CopyRows.COPY, new ByteArrayInputStream(chunk));
			connection.commit();
		}
		return null;
	}

	record Result(Duration took, double otherCpuSeconds) {
	}

}
