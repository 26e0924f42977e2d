package io.logbatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real PostgreSQL (zonky's embedded binaries) on a fixed port and data directory that can be
 * stopped and started again with its data, so that an application which only knows
 * {@link #jdbcUrl()} sees a database restart.
 */
public final class PostgresProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

	private final Map<String, String> serverConfig;

	private final Path directory;

	private final Path dataDirectory;

	private final Path log;

	private final int port;

	private final Thread shutdownHook = new Thread(this::destroy, "postgres-process-shutdown");

	private volatile EmbeddedPostgres postgres;

	// Failure messages show the log of the current run only.
	private long logStart;

	/** Chooses the port and directory; {@link #start()} runs the server, the first time after initdb. */
	public PostgresProcess() {
		// zonky turns it off; on, what a commit acknowledged survives even a crashed server process
		this(Map.of("synchronous_commit", "on"));
	}

	/**
	 * Chooses the port and directory; {@link #start()} runs the server, the first time after initdb.
	 * @param serverConfig server settings ({@code -c name=value}) on top of zonky's, which starts
	 * the server with {@code -F} ({@code fsync=off}), {@code timezone=UTC},
	 * {@code synchronous_commit=off} and {@code max_connections=300}
	 */
	public PostgresProcess(Map<String, String> serverConfig) {
		this.serverConfig = new LinkedHashMap<>(serverConfig);
		this.port = ServerSupport.freeLoopbackPorts(1)[0];
		try {
			// Not under zonky's working directory, where zonky deletes data directories it finds unlocked.
			this.directory = Files.createTempDirectory("logbatch-postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare a PostgreSQL directory", ex);
		}
		this.dataDirectory = this.directory.resolve("data");
		this.log = this.directory.resolve("postgres.log");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * The URL of the {@code postgres} database for the user {@code postgres}, in the form of
	 * zonky's {@code getJdbcUrl("postgres", "postgres")}; the same before, during and after a
	 * restart.
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/postgres?user=postgres";
	}

	/** Starts the server on its port and data, and waits until it answers a query. */
	public void start() {
		if (this.postgres != null) {
			throw new IllegalStateException("PostgreSQL on port " + this.port + " is running already");
		}
		this.logStart = ServerSupport.logEnd(this.log);
		try {
			// Without cleaning, zonky runs initdb only while the directory has no postgresql.conf, and
			// its close() stops the server but leaves the data.
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPort(this.port)
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(START_TIMEOUT)
				.setOutputRedirector(Redirect.appendTo(this.log.toFile()))
				.setErrorRedirector(Redirect.appendTo(this.log.toFile()));
			this.serverConfig.forEach(builder::setServerConfig);
			this.postgres = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			// zonky leaves a server that did not answer in time running
			killPostmaster();
			throw failure("PostgreSQL did not start on port " + this.port, ex);
		}
	}

	/**
	 * Shuts the server down in fast mode, and waits until it has ended: open sessions are
	 * disconnected and their transactions rolled back.
	 */
	public void stop() {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			return;
		}
		this.postgres = null;
		try {
			// pg_ctl stop -m fast -w
			running.close();
		}
		catch (IOException ex) {
			throw failure("PostgreSQL on port " + this.port + " did not stop", ex);
		}
		// zonky only logs a failed pg_ctl stop; the server's pid file goes when the server has ended.
		if (!awaitEnd()) {
			throw failure("PostgreSQL on port " + this.port + " did not end within " + STOP_TIMEOUT, null);
		}
	}

	public void restart() {
		stop();
		start();
	}

	public boolean isRunning() {
		return this.postgres != null;
	}

	/** Stops the server if it runs and deletes its data. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down and runs the hook itself
		}
		destroy();
	}

	private void destroy() {
		EmbeddedPostgres running = this.postgres;
		this.postgres = null;
		if (running != null) {
			try {
				running.close();
			}
			catch (IOException ex) {
				// killed below if it still runs
			}
		}
		// zonky's own shutdown hook may be stopping the server at the same moment; wait for it, then make sure.
		if (!awaitEnd()) {
			killPostmaster();
		}
		ServerSupport.deleteQuietly(this.directory);
	}

	private void killPostmaster() {
		postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
	}

	private boolean awaitEnd() {
		try {
			Awaitility.await().atMost(STOP_TIMEOUT).pollInterval(Duration.ofMillis(50))
				.until(() -> !Files.exists(postmasterPidFile()));
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private Optional<Long> postmasterPid() {
		try {
			String content = Files.readString(postmasterPidFile(), StandardCharsets.UTF_8);
			return Optional.of(Long.parseLong(content.lines().findFirst().orElse("").trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private Path postmasterPidFile() {
		return this.dataDirectory.resolve("postmaster.pid");
	}

	private IllegalStateException failure(String message, Throwable cause) {
		return new IllegalStateException(message + "; " + ServerSupport.logExcerpt(this.log, this.logStart), cause);
	}

}
