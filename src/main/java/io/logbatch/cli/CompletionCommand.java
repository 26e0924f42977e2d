package io.logbatch.cli;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Prints the completion script that picocli's {@link AutoComplete} generates from this command line's
 * commands, options and completion candidates. picocli writes one script for both shells: bash's programmable
 * completion, which zsh runs through its {@code bashcompinit}, loaded by the script itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
		description = { "Prints a completion script for bash or zsh: commands, subcommands, options and their "
				+ "values complete on TAB for the command 'logbatch' (the distribution's bin/logbatch, on PATH or "
				+ "linked from it). Connects to nothing.", "",
				"bash: add 'source <(logbatch completion bash)' to ~/.bashrc, or save the script as "
						+ "/etc/bash_completion.d/logbatch.",
				"zsh: add 'source <(logbatch completion zsh)' to ~/.zshrc; the script loads zsh's compinit and "
						+ "bashcompinit when they are not loaded yet.", "",
				"Exit codes: 0; 2 usage error." })
class CompletionCommand implements StandaloneCommand {

	/** The name that the script completes: the launcher's. */
	private static final String COMMAND_NAME = "logbatch";

	@Parameters(paramLabel = "SHELL", converter = ShellConverter.class, completionCandidates = ShellNames.class,
			description = "the shell: ${COMPLETION-CANDIDATES}")
	Shell shell;

	@Spec
	CommandSpec spec;

	private final PrintStream out;

	CompletionCommand() {
		this(System.out);
	}

	CompletionCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public int execute() {
		// the same script for both shells: its header sets zsh up to run bash completion functions
		this.out.print(AutoComplete.bash(COMMAND_NAME, this.spec.root().commandLine()));
		this.out.flush();
		return ExitCodes.OK;
	}

	/** The shells that the script serves. */
	enum Shell {

		BASH, ZSH;

		String configName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The shells' names, for the help and for completing the command itself. */
	static final class ShellNames implements Iterable<String> {

		@Override
		public Iterator<String> iterator() {
			return List.of(Shell.values()).stream().map(Shell::configName).iterator();
		}

	}

	/** {@code SHELL}: a shell's name, or a usage error listing them. */
	static final class ShellConverter implements ITypeConverter<Shell> {

		@Override
		public Shell convert(String value) {
			for (Shell shell : Shell.values()) {
				if (shell.configName().equals(value)) {
					return shell;
				}
			}
			throw new TypeConversionException("'" + value + "' is not a shell logbatch completes: bash or zsh");
		}

	}

}
