package io.logbatch.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;

/**
 * OTLP log export requests made by a real producer: log records emitted through the OpenTelemetry Java
 * SDK's logs API and serialized by the SDK's own OTLP exporter code ({@code LogsRequestMarshaler}), as
 * binary protobuf or as OTLP/JSON. The SDK groups the records by resource and then by instrumentation
 * scope, as one {@code ExportLogsServiceRequest}, which is what the Collector's Kafka exporter writes to a
 * record.
 */
public final class OtlpLogs {

	private final List<LogRecordData> records = new ArrayList<>();

	/** Emits log records through a logger provider whose resource is {@code resource}. */
	public OtlpLogs emit(Resource resource, Consumer<LoggerProvider> logging) {
		try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
			.setResource(resource)
			.addLogRecordProcessor(SimpleLogRecordProcessor.create(new Collecting(this.records)))
			.build()) {
			logging.accept(provider);
		}
		return this;
	}

	/** Every record emitted so far as one request in binary protobuf ({@code otlp_proto}). */
	public byte[] proto() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			LogsRequestMarshaler.create(this.records).writeBinaryTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Every record emitted so far as one request in OTLP/JSON ({@code otlp_json}). */
	public byte[] json() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			LogsRequestMarshaler.create(this.records).writeJsonTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Keeps what the SDK exports. */
	private record Collecting(List<LogRecordData> records) implements LogRecordExporter {

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.records.addAll(logs);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
