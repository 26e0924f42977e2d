package io.logbatch.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.logbatch.LogbatchProperties;
import io.logbatch.scheduling.ExecutionStateException;
import io.logbatch.scheduling.GracefulStop;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Parses the command line, starts the application for the chosen command and turns every
 * outcome into an exit code. Usage errors are found before anything connects to Kafka or
 * PostgreSQL. {@code --key=value} arguments that are not a command's options are Spring
 * properties.
 */
public final class Cli {

	private static final Pattern SPRING_PROPERTY = Pattern.compile("--[A-Za-z0-9_.\\-\\[\\]]+=.*");

	private final PrintStream err;

	/** spring.datasource.url as configured, to name the server when it cannot be reached. */
	private @Nullable String datasourceUrl;

	public Cli(PrintStream err) {
		this.err = err;
	}

	/** Runs the command that {@code args} names and returns its exit code. */
	public int execute(String... args) {
		CommandLine commandLine = new CommandLine(new LogbatchCommand());
		commandLine.setUnmatchedArgumentsAllowed(true);
		ParseResult parsed;
		try {
			parsed = commandLine.parseArgs(args);
			rejectUnknownArguments(commandLine, parsed);
		}
		catch (ParameterException ex) {
			return usageError(ex.getMessage());
		}
		if (CommandLine.printHelpIfRequested(parsed)) {
			return ExitCodes.OK;
		}
		if (!parsed.hasSubcommand()) {
			commandLine.usage(this.err);
			return ExitCodes.USAGE;
		}
		ParseResult leaf = parsed;
		while (leaf.hasSubcommand()) {
			leaf = leaf.subcommand();
		}
		if (leaf.commandSpec().userObject() instanceof StandaloneCommand standalone) {
			return standalone.execute();
		}
		if (!(leaf.commandSpec().userObject() instanceof ContextCommand command)) {
			leaf.commandSpec().commandLine().usage(this.err);
			return ExitCodes.USAGE;
		}
		return runInContext(command, args);
	}

	private void rejectUnknownArguments(CommandLine commandLine, ParseResult parsed) {
		ParseResult leaf = parsed;
		while (leaf.hasSubcommand()) {
			leaf = leaf.subcommand();
		}
		List<String> unmatched = leaf.unmatched();
		for (String argument : unmatched) {
			if (!SPRING_PROPERTY.matcher(argument).matches()) {
				throw new ParameterException(leaf.commandSpec().commandLine(),
						"unknown argument '" + argument + "'");
			}
		}
	}

	private int runInContext(ContextCommand command, String[] args) {
		if (!command.stopsRunsOnSignal()) {
			return startAndExecute(command, args, null);
		}
		try (StopSignals signals = StopSignals.install(this.err)) {
			return startAndExecute(command, args, signals);
		}
	}

	private int startAndExecute(ContextCommand command, String[] args, @Nullable StopSignals signals) {
		ConfigurableApplicationContext context;
		try {
			context = new SpringApplicationBuilder(command.application())
				.web(command.servesHttp() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
				.logStartupInfo(false)
				.listeners(Cli::checkSettings, this::rememberDatasourceUrl)
				.run(withProperties(args, command.properties()));
		}
		catch (RuntimeException ex) {
			return startupFailure(ex);
		}
		if (signals != null) {
			signals.forwardTo(context.getBean(GracefulStop.class)::request);
		}
		int code;
		try {
			code = command.execute(context);
		}
		catch (CommandFailure ex) {
			this.err.println("logbatch: " + ex.getMessage());
			code = ex.exitCode();
		}
		catch (ExecutionStateException ex) {
			this.err.println("logbatch: " + ex.getMessage());
			code = ExitCodes.USAGE;
		}
		catch (Exception ex) {
			org.apache.kafka.common.errors.TimeoutException timeout = UnreachableBrokers.timeout(ex);
			this.err.println("logbatch: " + ((timeout != null) ? UnreachableBrokers.describe(timeout,
					context.getEnvironment().getProperty("spring.kafka.bootstrap-servers")) : ex.toString()));
			code = ExitCodes.FAILED;
		}
		int exitCode = code;
		return SpringApplication.exit(context, () -> exitCode);
	}

	/** The command line, with the command's options that stand for properties last, so they win. */
	private static String[] withProperties(String[] args, List<String> properties) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(properties);
		return all.toArray(String[]::new);
	}

	/**
	 * Binds the logbatch settings as soon as the configuration is read, so that a bad one is
	 * reported as such before anything connects to PostgreSQL or Kafka.
	 */
	private static void checkSettings(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			Binder.get(prepared.getEnvironment()).bindOrCreate("logbatch", LogbatchProperties.class);
		}
	}

	private void rememberDatasourceUrl(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			this.datasourceUrl = prepared.getEnvironment().getProperty("spring.datasource.url");
		}
	}

	private int startupFailure(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PortInUseException inUse) {
				return usageError("configuration error: server.port " + inUse.getPort() + " is in use");
			}
			if (cause instanceof BindException bind) {
				Throwable root = bind;
				while (root.getCause() != null) {
					root = root.getCause();
				}
				// the settings' own checks name their key; a value the binder cannot convert does not
				String key = bind.getName().toString();
				String message = String.valueOf(root.getMessage());
				return usageError("configuration error: " + (message.contains(key) ? "" : key + ": ") + message);
			}
		}
		SQLException unreachable = UnreachableDatabase.connectionFailure(ex);
		if (unreachable != null) {
			this.err.println("logbatch: " + UnreachableDatabase.describe(unreachable, this.datasourceUrl));
			return ExitCodes.FAILED;
		}
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		this.err.println("logbatch: could not start: " + root);
		return ExitCodes.FAILED;
	}

	private int usageError(String message) {
		this.err.println("logbatch: " + message.lines().findFirst().orElse(message)
				+ " (see 'java -jar logbatch.jar --help')");
		return ExitCodes.USAGE;
	}

}
