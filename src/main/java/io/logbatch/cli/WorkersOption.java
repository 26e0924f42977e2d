package io.logbatch.cli;

import java.util.List;

import io.logbatch.LogbatchProperties.Workers;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --workers}: where a run's partitions are processed, as {@code logbatch.workers} sets it. */
class WorkersOption {

	@Option(names = "--workers", paramLabel = "local|remote",
			description = "where partitions run: 'local' threads (default), or 'remote' worker processes "
					+ "(same as --logbatch.workers)",
			converter = WorkersConverter.class)
	@Nullable Workers workers;

	/** The Spring property the option stands for, if it was given. */
	List<String> asProperties() {
		return (this.workers != null) ? List.of("--logbatch.workers=" + this.workers.name().toLowerCase()) : List.of();
	}

	static final class WorkersConverter implements picocli.CommandLine.ITypeConverter<Workers> {

		@Override
		public Workers convert(String value) {
			try {
				return Workers.valueOf(value.trim().toUpperCase());
			}
			catch (IllegalArgumentException ex) {
				throw new picocli.CommandLine.TypeConversionException(
						"--workers must be 'local' or 'remote', was '" + value + "'");
			}
		}

	}

}
