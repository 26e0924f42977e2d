package io.logbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.logbatch.support.ChildProcess;
import io.logbatch.support.Terminal;
import io.logbatch.support.Terminal.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code completion bash|zsh}: picocli's completion script for this command line, which bash accepts and
 * which completes commands, subcommands and option values when sourced.
 */
class CompletionCommandTests {

	private static final Duration SHELL = Duration.ofSeconds(30);

	private static final List<String> COMMANDS = List.of("run", "schedule", "restart", "stop", "abandon", "status",
			"dlt", "worker", "parse", "prune", "completion");

	@TempDir
	Path directory;

	@Test
	void printsABashScriptThatBashAcceptsAndThatCompletesEveryCommand() throws IOException {
		// when
		Result completion = Terminal.run("", "completion", "bash");

		// then
		assertThat(completion.exitCode()).as(completion.err()).isZero();
		Path script = Files.writeString(this.directory.resolve("logbatch.bash"), completion.out());
		ChildProcess.Result syntax = ChildProcess.inheriting("bash", "-n", script.toString()).run(SHELL);
		assertThat(syntax.exitCode()).as(syntax.output()).isZero();
		assertThat(complete(script, "logbatch", "")).containsAll(COMMANDS);
		assertThat(complete(script, "logbatch", "dl")).containsExactly("dlt");
		assertThat(complete(script, "logbatch", "dlt", "")).containsExactlyInAnyOrder("inspect", "redrive");
		assertThat(complete(script, "logbatch", "parse", "--format", ""))
			.containsExactlyInAnyOrder("json", "logfmt", "syslog", "clf", "pattern", "otlp-json", "otlp-proto");
		assertThat(complete(script, "logbatch", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
	}

	@Test
	void printsTheSameScriptForZshWhichLoadsBashcompinit() throws IOException {
		// when
		Result zsh = Terminal.run("", "completion", "zsh");

		// then
		assertThat(zsh.exitCode()).as(zsh.err()).isZero();
		assertThat(zsh.out()).isEqualTo(Terminal.run("", "completion", "bash").out())
			.contains("autoload -U +X bashcompinit && bashcompinit");
		if (ChildProcess.installed("zsh")) {
			Path script = Files.writeString(this.directory.resolve("logbatch.zsh"), zsh.out());
			ChildProcess.Result registered = ChildProcess.inheriting("zsh", "-c",
					"source \"$1\" && print -r -- \"${_comps[logbatch]}\"", "zsh", script.toString())
				.run(SHELL);
			assertThat(registered.exitCode()).as(registered.output()).isZero();
			assertThat(registered.out()).contains("_complete_logbatch");
		}
	}

	@Test
	void anotherShellIsAUsageError() {
		// when
		Result fish = Terminal.run("", "completion", "fish");

		// then
		assertThat(fish.exitCode()).isEqualTo(2);
		assertThat(fish.out()).isEmpty();
		assertThat(fish.err().strip()).hasLineCount(1).contains("'fish' is not a shell logbatch completes: bash or zsh");
	}

	/** What bash offers for the last word, as TAB asks the script's completion function. */
	private List<String> complete(Path script, String... words) {
		StringBuilder array = new StringBuilder();
		for (String word : words) {
			array.append(" '").append(word).append('\'');
		}
		String completion = """
				source "$1"
				COMP_WORDS=(%s)
				COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
				COMP_LINE="${COMP_WORDS[*]}"
				COMP_POINT=${#COMP_LINE}
				_complete_logbatch 2>/dev/null
				printf '%%s\\n' "${COMPREPLY[@]}"
				""".formatted(array);
		ChildProcess.Result offered = ChildProcess.inheriting("bash", "-c", completion, "bash", script.toString())
			.run(SHELL);
		assertThat(offered.exitCode()).as(offered.output()).isZero();
		return offered.out().lines().filter((line) -> !line.isEmpty()).toList();
	}

}
