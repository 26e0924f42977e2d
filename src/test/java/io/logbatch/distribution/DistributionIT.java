package io.logbatch.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.logbatch.support.ChildProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tarball that {@code ./mvnw package} builds, unpacked as a user unpacks it on a machine with only a Java
 * runtime: {@code bin/logbatch} finds its Java and its configuration, passes its arguments, standard input
 * and signals through, starts from a class-data archive of its Java that a run wrote, never from one that cannot
 * serve, and explains in one line what stops it from starting.
 */
class DistributionIT {

	private static final Duration COMMAND = Duration.ofSeconds(120);

	/** Added to the launcher's JVM options as LogbatchProcess starts the jar: C1 only, for a faster start. */
	private static final String FAST_START = "-XX:TieredStopAtLevel=1";

	/** What the launcher itself needs beside java: everything else is shell built-ins. */
	private static final List<String> TOOLS = List.of("ls", "dirname", "sed", "head", "cksum", "mv", "rm");

	private static final List<String> COMMANDS = List.of("run", "schedule", "restart", "stop", "abandon", "status",
			"dlt", "worker", "parse", "prune", "completion");

	@TempDir
	static Path machine;

	/** The unpacked distribution, logbatch-VERSION/. */
	private static Path home;

	/** A PATH of the launcher's tools and no java. */
	private static Path tools;

	/** A PATH of a Java runtime's java, and the launcher's tools. */
	private static String jrePath;

	@BeforeAll
	static void unpackTheDistribution() throws IOException {
		home = unpack(machine.resolve("opt"));
		tools = Files.createDirectories(machine.resolve("tools"));
		for (String tool : TOOLS) {
			Path found = ChildProcess.which(tool);
			assertThat(found).as(tool + " on PATH").isNotNull();
			Files.createSymbolicLink(tools.resolve(tool), found);
		}
		Path jre = Files.createDirectories(machine.resolve("jre/bin"));
		Files.createSymbolicLink(jre.resolve("java"), javaHome().resolve("bin/java"));
		jrePath = jre + ":" + tools;
	}

	/** The links out of the temporary directory go first, so that its cleanup need not warn of them. */
	@AfterAll
	static void removeTheLinksToThisMachine() throws IOException {
		for (String tool : TOOLS) {
			Files.deleteIfExists(tools.resolve(tool));
		}
		Files.deleteIfExists(machine.resolve("jre/bin/java"));
	}

	@Test
	void runsWithTheJavaOnPathPassingArgumentsAndStandardInputThrough() {
		// when
		ChildProcess.Result version = launcher("--version").env("PATH", jrePath).run(COMMAND);
		ChildProcess.Result parse = launcher("parse", "--logbatch.process.add-fields.team=log ops")
			.env("PATH", jrePath)
			.input("{\"event_id\":\"e-1\",\"message\":\"hello\"}\n")
			.run(COMMAND);

		// then
		assertThat(version.exitCode()).as(version.output()).isZero();
		assertThat(version.out().strip()).isEqualTo("logbatch " + System.getProperty("logbatch.version"));
		assertThat(parse.exitCode()).as(parse.output()).isZero();
		assertThat(parse.out()).contains("\"event_id\":\"e-1\"", "\"message\":\"hello\"", "\"team\":\"log ops\"");
		assertThat(parse.err()).contains("1 read, 1 events, 0 filtered, 0 rejected");
	}

	@Test
	void readsTheDistributionsConfigurationWhenStartedThroughSymbolicLinksFromAnotherDirectory() throws IOException {
		// given its own copy of the distribution, whose configuration rejects records without an event id
		Path own = unpack(machine.resolve("own"));
		Path configuration = own.resolve("config/application.yml");
		String settings = Files.readString(configuration);
		assertThat(settings).contains("fallback: content-hash");
		Files.writeString(configuration, settings.replace("fallback: content-hash", "fallback: reject"));
		// a relative link to an absolute link to bin/logbatch, as /usr/local/bin/logbatch would be
		Path links = Files.createDirectories(machine.resolve("links/bin"));
		Path elsewhere = Files.createDirectories(machine.resolve("links/elsewhere"));
		Path absolute = Files.createSymbolicLink(elsewhere.resolve("logbatch-" + System.nanoTime()),
				own.resolve("bin/logbatch"));
		Path relative = Files.createSymbolicLink(links.resolve("logbatch-" + System.nanoTime()),
				Path.of("../elsewhere").resolve(absolute.getFileName()));
		Path workingDirectory = Files.createDirectories(machine.resolve("work"));

		// when
		ChildProcess.Result parse = ChildProcess.of(relative.toString(), "parse")
			.env("JAVA_OPTS", FAST_START)
			.env("JAVA_HOME", javaHome().toString())
			.env("PATH", tools.toString())
			.in(workingDirectory)
			.input("{\"event_id\":\"e-1\"}\n{\"message\":\"no id\"}\n")
			.run(COMMAND);

		// then
		assertThat(parse.exitCode()).as(parse.output()).isEqualTo(1);
		assertThat(parse.out()).contains("\"event_id\":\"e-1\"").contains("rejected: ");
		assertThat(parse.err()).contains("2 read, 1 events, 0 filtered, 1 rejected (line 2)");
	}

	@Test
	void becomesTheJvmSoThatSignalsReachItWithItsOptions() throws Exception {
		// given
		Process launched = launcher("parse").env("PATH", jrePath)
			.env("JAVA_OPTS", "-Dlogbatch.test.java-opts=yes")
			.start();
		try {
			// when: the launcher has replaced itself with the JVM, which waits for standard input
			Awaitility.await().atMost(COMMAND).until(() -> launched.info().command().orElse("").endsWith("/java"));
			List<String> arguments = List.of(launched.info().arguments().orElseThrow());
			launched.destroy();

			// then
			assertThat(launched.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(launched.exitValue()).isEqualTo(128 + 15);
			assertThat(arguments).containsSubsequence("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
					"-Dlogbatch.test.java-opts=yes",
					"-Dspring.config.location=optional:classpath:/,file:" + home.toRealPath() + "/config/", "-jar",
					home.toRealPath() + "/lib/logbatch.jar", "parse");
			assertThat(arguments.contains("-XX:+UseTransparentHugePages")).as("huge pages where the kernel offers them")
				.isEqualTo(transparentHugePagesOffered());
		}
		finally {
			launched.destroyForcibly();
		}
	}

	/** Whether this machine's kernel gives transparent huge pages to a process that asks (or to all). */
	private static boolean transparentHugePagesOffered() throws IOException {
		Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
		if (!Files.isReadable(mode)) {
			return false;
		}
		String modes = Files.readString(mode);
		return modes.contains("[always]") || modes.contains("[madvise]");
	}

	@Test
	void takesItsJvmOptionsFromLogbatchJavaOpts() throws Exception {
		// given
		Process launched = launcher("parse").env("PATH", jrePath)
			.env("LOGBATCH_JAVA_OPTS", "-Xmx300m -Dlogbatch.test=two words")
			.start();
		try {
			// when
			Awaitility.await().atMost(COMMAND).until(() -> launched.info().command().orElse("").endsWith("/java"));
			List<String> arguments = List.of(launched.info().arguments().orElseThrow());

			// then: they replace the defaults, split at blanks
			assertThat(arguments).contains("-Xmx300m", "-Dlogbatch.test=two", "words")
				.doesNotContain("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages");
		}
		finally {
			launched.destroyForcibly().waitFor();
		}
	}

	@Test
	void exitsTwoWithOneLineWhenItFindsNoJava17OrNewer() throws IOException {
		// given
		Path empty = Files.createDirectories(machine.resolve("no-java"));
		Path java11 = fakeJava("java11", "openjdk version \"11.0.21\" 2023-10-17");
		Path java8 = fakeJava("java8", "java version \"1.8.0_392\"");

		// when
		ChildProcess.Result none = launcher("--version").env("PATH", tools.toString()).run(COMMAND);
		ChildProcess.Result wrongHome = launcher("--version").env("PATH", jrePath)
			.env("JAVA_HOME", empty.toString())
			.run(COMMAND);
		ChildProcess.Result old = launcher("--version").env("PATH", jrePath)
			.env("JAVA_HOME", java11.toString())
			.run(COMMAND);
		ChildProcess.Result older = launcher("--version").env("PATH", tools.toString())
			.env("JAVA_HOME", java8.toString())
			.run(COMMAND);

		// then
		assertThat(none.exitCode()).as(none.output()).isEqualTo(2);
		assertThat(none.err().strip()).hasLineCount(1)
			.isEqualTo("logbatch: no java found: install Java 17 or newer and put its bin/ on PATH, or set JAVA_HOME");
		assertThat(wrongHome.exitCode()).as(wrongHome.output()).isEqualTo(2);
		assertThat(wrongHome.err().strip()).hasLineCount(1)
			.startsWith("logbatch: JAVA_HOME is " + empty + ", which has no bin/java");
		assertThat(old.exitCode()).as(old.output()).isEqualTo(2);
		assertThat(old.err().strip()).hasLineCount(1)
			.isEqualTo("logbatch: logbatch needs Java 17 or newer, and " + java11
					+ "/bin/java is Java 11.0.21: set JAVA_HOME to a newer one");
		assertThat(older.exitCode()).as(older.output()).isEqualTo(2);
		assertThat(older.err()).contains("is Java 1.8.0_392");
		assertThat(none.out() + wrongHome.out() + old.out() + older.out()).isEmpty();
	}

	@Test
	void launcherIsAPosixShellScriptThatDashRuns() {
		// then
		for (String shell : List.of("sh", "dash", "bash")) {
			if (ChildProcess.installed(shell)) {
				ChildProcess.Result syntax = ChildProcess.inheriting(shell, "-n", home.resolve("bin/logbatch").toString())
					.run(COMMAND);
				assertThat(syntax.exitCode()).as(shell + " -n: " + syntax.output()).isZero();
			}
		}
		if (ChildProcess.installed("dash")) {
			ChildProcess.Result version = ChildProcess.of("dash", home.resolve("bin/logbatch").toString(), "--version")
				.env("JAVA_OPTS", FAST_START)
				.env("PATH", jrePath)
				.run(COMMAND);
			assertThat(version.exitCode()).as(version.output()).isZero();
			assertThat(version.out()).startsWith("logbatch ");
		}
	}

	@Test
	void printsABashCompletionScriptOfEveryCommand() throws IOException {
		// when
		ChildProcess.Result completion = launcher("completion", "bash").env("PATH", jrePath).run(COMMAND);

		// then
		assertThat(completion.exitCode()).as(completion.output()).isZero();
		Path script = Files.writeString(machine.resolve("logbatch.bash"), completion.out(), StandardCharsets.UTF_8);
		ChildProcess.Result syntax = ChildProcess.inheriting("bash", "-n", script.toString()).run(COMMAND);
		assertThat(syntax.exitCode()).as(syntax.output()).isZero();
		assertThat(completion.out()).contains("complete -F _complete_logbatch -o default logbatch");
		Optional<String> commands = completion.out()
			.lines()
			.filter((line) -> line.strip().startsWith("local commands="))
			.findFirst();
		assertThat(commands).as("the top-level command list of the script").isPresent();
		assertThat(commands.get().replaceAll(".*\"(.*)\".*", "$1").split(" ")).containsAll(COMMANDS);
	}

	@Test
	void startsFromTheClassDataArchiveThatItsFirstRunWrote() throws Exception {
		// given its own copy of the distribution, whose cds/ holds no archive
		Path own = unpack(machine.resolve("archive-written"));

		// when: a run (here one that cannot reach its servers) ends, then any command starts
		ChildProcess.Result run = unreachableRun(own);
		List<Path> written = archives(own);
		List<String> arguments = argumentsOfParse(own, Map.of());
		List<Path> adopted = archives(own);
		ChildProcess.Result parse = parseOne(own, Map.of());

		// then: the run wrote the archive under a name of its own, the next start took it and every start uses it
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(written).singleElement().asString().matches(".*/logbatch-\\d+-[^/]+\\.jsa\\.tmp-\\d+");
		assertThat(adopted).singleElement().asString().endsWith(".jsa");
		assertThat(arguments).contains("-XX:SharedArchiveFile=" + adopted.get(0), "-Xlog:cds*=off")
			.doesNotContain("-XX:ArchiveClassesAtExit");
		assertThat(parse.exitCode()).as(parse.output()).isZero();
		assertThat(parse.out()).startsWith("{\"event_id\":\"e-1\"").hasLineCount(1);
	}

	@Test
	void startsPlainlyWhenAnArchiveCannotServe() throws Exception {
		// given a copy whose first run wrote its archive, which the next start took
		Path own = unpack(machine.resolve("archive-damaged"));
		ChildProcess.Result run = unreachableRun(own);
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		argumentsOfParse(own, Map.of());
		Path archive = archives(own).get(0);
		byte[] garbage = new byte[1 << 20];
		new Random(16).nextBytes(garbage);

		// when the archive is damaged (the JVM refuses it)
		Files.write(archive, garbage);
		ChildProcess.Result damaged = parseOne(own, Map.of());
		// when a run that wrote one died, and another still writes one
		Files.delete(archive);
		Files.write(Path.of(archive + ".tmp-" + Integer.MAX_VALUE), garbage);
		Path ofLiveRun = Files.write(Path.of(archive + ".tmp-" + ProcessHandle.current().pid()), garbage);
		ChildProcess.Result unfinished = parseOne(own, Map.of());
		List<Path> left = archives(own);
		// when the archive is older than a library (copied without its times), and when archives are off
		Files.delete(ofLiveRun);
		Files.copy(own.resolve("cds/README"), archive);
		Files.setLastModifiedTime(own.resolve("lib/logbatch.jar"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
		List<String> stale = argumentsOfParse(own, Map.of());
		boolean staleRemoved = Files.notExists(archive);
		List<String> off = argumentsOfParse(own, Map.of("LOGBATCH_CDS", "off"));

		// then every start printed what it should and nothing else
		for (ChildProcess.Result parse : List.of(damaged, unfinished)) {
			assertThat(parse.exitCode()).as(parse.output()).isZero();
			assertThat(parse.out()).startsWith("{\"event_id\":\"e-1\"").hasLineCount(1);
			assertThat(parse.err()).doesNotContain("cds", "shared archive");
		}
		// and did not take the dead run's unfinished archive, nor touch the live one's
		assertThat(left).containsExactly(ofLiveRun);
		// and a stale archive is deleted for the next run to write anew
		assertThat(staleRemoved).isTrue();
		assertThat(stale).noneMatch((argument) -> argument.startsWith("-XX:SharedArchiveFile"));
		assertThat(off).noneMatch((argument) -> argument.contains("Archive"));
	}

	/** {@code run} against servers that do not exist: it fails at once, and its JVM writes the archive at exit. */
	private static ChildProcess.Result unreachableRun(Path home) {
		return ChildProcess.of(home.resolve("bin/logbatch").toString(), "run",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none", "--spring.kafka.bootstrap-servers=127.0.0.1:1")
			.env("JAVA_OPTS", FAST_START)
			.env("PATH", jrePath)
			.run(Duration.ofMinutes(5));
	}

	private static ChildProcess.Result parseOne(Path home, Map<String, String> environment) {
		ChildProcess parse = ChildProcess.of(home.resolve("bin/logbatch").toString(), "parse")
			.env("JAVA_OPTS", FAST_START)
			.env("PATH", jrePath)
			.input("{\"event_id\":\"e-1\"}\n");
		environment.forEach(parse::env);
		return parse.run(COMMAND);
	}

	/** The JVM's arguments, as the launcher gave them, of a {@code parse} that waits for its input. */
	private static List<String> argumentsOfParse(Path home, Map<String, String> environment) throws Exception {
		ChildProcess parse = ChildProcess.of(home.resolve("bin/logbatch").toString(), "parse")
			.env("JAVA_OPTS", FAST_START)
			.env("PATH", jrePath);
		environment.forEach(parse::env);
		Process launched = parse.start();
		try {
			Awaitility.await().atMost(COMMAND).until(() -> launched.info().command().orElse("").endsWith("/java"));
			return List.of(launched.info().arguments().orElseThrow());
		}
		finally {
			launched.destroyForcibly().waitFor();
		}
	}

	/** The archives in the distribution's cds/, written or taken. */
	private static List<Path> archives(Path home) throws IOException {
		try (Stream<Path> files = Files.list(home.resolve("cds"))) {
			return files.filter((file) -> file.getFileName().toString().startsWith("logbatch-")).sorted().toList();
		}
	}

	private static ChildProcess launcher(String... arguments) {
		String[] command = new String[arguments.length + 1];
		command[0] = home.resolve("bin/logbatch").toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		return ChildProcess.of(command).env("JAVA_OPTS", FAST_START);
	}

	private static Path unpack(Path directory) throws IOException {
		Path tarball = Path.of(System.getProperty("logbatch.distribution", "target/logbatch.tar.gz"));
		assertThat(tarball).as("the distribution, built by ./mvnw package before the ITs").isRegularFile();
		Files.createDirectories(directory);
		ChildProcess.Result tar = ChildProcess.inheriting("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C",
				directory.toString())
			.run(COMMAND);
		assertThat(tar.exitCode()).as(tar.output()).isZero();
		Path unpacked = directory.resolve("logbatch-" + System.getProperty("logbatch.version"));
		assertThat(unpacked.resolve("bin/logbatch")).isExecutable();
		assertThat(unpacked.resolve("lib/logbatch.jar")).isRegularFile();
		assertThat(unpacked.resolve("cds")).isDirectory();
		assertThat(unpacked.resolve("config/application.yml")).isRegularFile();
		assertThat(unpacked.resolve("config/examples/crontab")).isRegularFile();
		assertThat(unpacked.resolve("README.md")).isRegularFile();
		return unpacked;
	}

	/** A JAVA_HOME whose bin/java is a script that prints an old version, as {@code java -version} does. */
	private static Path fakeJava(String name, String versionLine) throws IOException {
		Path bin = Files.createDirectories(machine.resolve(name).resolve("bin"));
		Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho '" + versionLine.replace("'", "")
				+ "' >&2\necho 'Java(TM) SE Runtime Environment' >&2\n");
		assertThat(java.toFile().setExecutable(true)).isTrue();
		return machine.resolve(name);
	}

	private static Path javaHome() {
		return Path.of(System.getProperty("java.home"));
	}

}
