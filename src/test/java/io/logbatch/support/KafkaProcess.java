package io.logbatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in a child JVM that can be
 * stopped, killed and started again on the same port and data, so that an application which only
 * knows {@link #bootstrapServers()} sees a broker restart.
 */
public final class KafkaProcess implements AutoCloseable {

	// Any valid id will do: the storage is formatted once with it and belongs to this broker alone.
	private static final String CLUSTER_ID = "q1Sh-9_ISia_zwGINzRvyQ";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final String LOGBACK = """
			<configuration>
				<appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
					<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
				</appender>
				<root level="INFO"><appender-ref ref="OUT"/></root>
			</configuration>
			""";

	// A quicker start on small machines matters more to tests than the broker's top speed.
	private static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1");

	private final List<String> jvmOptions;

	private final Path directory;

	private final Path log;

	private final int port;

	private final int controllerPort;

	private final Thread shutdownHook = new Thread(this::destroy, "kafka-process-shutdown");

	private volatile Process process;

	// Failure messages show the log of the current run only.
	private long logStart;

	/** Prepares and formats the broker's storage; {@link #start()} runs it in a JVM sized for tests. */
	public KafkaProcess() {
		this(TEST_JVM_OPTIONS);
	}

	/**
	 * Prepares and formats the broker's storage under the system's temporary directory;
	 * {@link #start()} runs it.
	 * @param jvmOptions the options of the broker's JVM (heap, garbage collector, ...)
	 */
	public KafkaProcess(List<String> jvmOptions) {
		this.jvmOptions = List.copyOf(jvmOptions);
		int[] ports = ServerSupport.freeLoopbackPorts(2);
		this.port = ports[0];
		this.controllerPort = ports[1];
		try {
			this.directory = Files.createTempDirectory("logbatch-kafka");
			this.log = this.directory.resolve("broker.log");
			Files.writeString(serverProperties(), serverConfiguration());
			Files.writeString(this.directory.resolve("logback.xml"), LOGBACK);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare a Kafka broker directory", ex);
		}
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		format();
	}

	/** The broker's process id, while it runs. */
	public long pid() {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			throw new IllegalStateException("The Kafka broker on " + bootstrapServers() + " is not running");
		}
		return running.pid();
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Starts the broker on its port and data, and waits until it answers. */
	public void start() {
		if (isRunning()) {
			throw new IllegalStateException("The Kafka broker on " + bootstrapServers() + " is running already");
		}
		this.logStart = ServerSupport.logEnd(this.log);
		try {
			this.process = java(Child.class.getName(), serverProperties().toString()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a Kafka broker", ex);
		}
		try {
			awaitAnswer();
		}
		catch (RuntimeException ex) {
			// so that the next start() begins from a stopped broker
			kill();
			throw ex;
		}
	}

	/** Shuts the broker down in order (SIGTERM), and waits until it has ended. */
	public void stop() {
		end(false);
	}

	/** Kills the broker (SIGKILL) as a crash would, and waits until it has ended. */
	public void kill() {
		end(true);
	}

	public boolean isRunning() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	/** Kills the broker if it runs and deletes its data. */
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
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			try {
				running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		ServerSupport.deleteQuietly(this.directory);
	}

	private void format() {
		Process storageTool;
		try {
			storageTool = java("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c",
					serverProperties().toString())
				.start();
			if (!storageTool.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				storageTool.destroyForcibly();
				throw failure("Formatting the Kafka storage took longer than " + START_TIMEOUT, null);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not format the Kafka storage", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while formatting the Kafka storage", ex);
		}
		if (storageTool.exitValue() != 0) {
			throw failure("Formatting the Kafka storage failed with exit code " + storageTool.exitValue(), null);
		}
	}

	private void awaitAnswer() {
		AtomicReference<Exception> lastFailure = new AtomicReference<>();
		// Without recovery the client only reconnects with backoff; rebootstrapping spins and floods the
		// test log for as long as the broker is not up.
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none",
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000))) {
			Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!this.process.isAlive()) {
					throw failure("The Kafka broker ended with exit code " + this.process.exitValue()
							+ " while starting", lastFailure.get());
				}
				// The broker opens its listener last; asking earlier only fills the test log with warnings.
				if (!acceptsConnections()) {
					return false;
				}
				try {
					admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
					return true;
				}
				catch (ExecutionException | TimeoutException ex) {
					lastFailure.set(ex);
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw failure("The Kafka broker on " + bootstrapServers() + " did not answer within " + START_TIMEOUT,
					lastFailure.get());
		}
	}

	private boolean acceptsConnections() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void end(boolean forcibly) {
		Process running = this.process;
		if (running == null || !running.isAlive()) {
			return;
		}
		if (forcibly) {
			running.destroyForcibly();
		}
		else {
			running.destroy();
		}
		try {
			if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				running.destroyForcibly().waitFor();
				throw failure("The Kafka broker did not end within " + STOP_TIMEOUT + ", so it was killed", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka broker to end", ex);
		}
	}

	private ProcessBuilder java(String mainClass, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.jvmOptions);
		command.add("-Dlogback.configurationFile=" + this.directory.resolve("logback.xml"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(this.log.toFile()));
	}

	private Path serverProperties() {
		return this.directory.resolve("server.properties");
	}

	private String serverConfiguration() {
		return String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.voters=1@127.0.0.1:" + this.controllerPort,
				"listeners=PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + this.port,
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
				"log.dirs=" + this.directory.resolve("data"), "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false", "num.partitions=1",
				// After a kill the controller refuses the broker's new registration until the old one's
				// session has timed out, 9 s by default.
				"broker.heartbeat.interval.ms=500", "broker.session.timeout.ms=3000", "");
	}

	private IllegalStateException failure(String message, Throwable cause) {
		return new IllegalStateException(message + "; " + ServerSupport.logExcerpt(this.log, this.logStart), cause);
	}

	/** The broker's main class: Kafka's own, but ending with the test JVM even when that is killed. */
	static final class Child {

		private Child() {
		}

		public static void main(String[] args) {
			// A killed JVM runs no shutdown hooks, so the broker watches its parent itself.
			ProcessHandle.current()
				.parent()
				.ifPresent((parent) -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
			kafka.Kafka.main(args);
		}

	}

}
