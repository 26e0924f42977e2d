package io.logbatch.parsing;

import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses what the OpenTelemetry Collector's Kafka exporter writes for logs: one OTLP
 * {@code ExportLogsServiceRequest} per record, in binary protobuf ({@code encoding: otlp_proto}, the
 * exporter's default) or OTLP/JSON ({@code encoding: otlp_json}). The two differ only in how the request is
 * decoded: protobuf by the generated classes, JSON by {@link OtlpJsonReader} into the same classes; one
 * mapping ({@link OtlpEvents}) then makes an event of each log record.
 * <p>
 * A value that is not such a request is {@code no-match} and the whole record is dead-lettered; so is a
 * protobuf message that has fields but none of them {@code resource_logs} (a value that happens to decode
 * as protobuf, such as some text, would otherwise become an empty request). A request without log records
 * yields no event: the record is read and nothing is written. Immutable and thread-safe.
 */
final class OtlpParser implements RecordParser {

	private final Decoder decoder;

	private final OtlpEvents mapping;

	private final int maxRecordBytes;

	private OtlpParser(Decoder decoder, EventIdFallback fallback, int maxRecordBytes) {
		this.decoder = decoder;
		this.mapping = new OtlpEvents(fallback);
		this.maxRecordBytes = maxRecordBytes;
	}

	/** A parser of binary protobuf requests, {@code otlp-proto}. */
	static OtlpParser proto(EventIdFallback fallback, int maxRecordBytes) {
		return new OtlpParser(OtlpParser::decodeProto, fallback, maxRecordBytes);
	}

	/** A parser of OTLP/JSON requests, {@code otlp-json}. */
	static OtlpParser json(EventIdFallback fallback, int maxRecordBytes) {
		return new OtlpParser((value) -> OtlpJsonReader.read(StrictUtf8.decode(value)), fallback, maxRecordBytes);
	}

	@Override
	public List<LogEvent> events(ConsumerRecord<byte[], byte[]> record) {
		byte[] value = LogEventParser.checkSize(record.value(), this.maxRecordBytes);
		return this.mapping.events(this.decoder.decode(value), value, record);
	}

	private static ExportLogsServiceRequest decodeProto(byte[] value) {
		ExportLogsServiceRequest request;
		try {
			request = ExportLogsServiceRequest.parseFrom(value);
		}
		catch (InvalidProtocolBufferException ex) {
			throw noMatch(ex.getMessage());
		}
		if (request.getResourceLogsCount() == 0 && !request.getUnknownFields().asMap().isEmpty()) {
			throw noMatch("the message has fields " + request.getUnknownFields().asMap().keySet()
					+ " but no resource_logs (1)");
		}
		return request;
	}

	private static InvalidRecordException noMatch(String detail) {
		return new InvalidRecordException(InvalidRecordException.Reason.NO_MATCH, "not OTLP protobuf: " + detail);
	}

	/** How the record value becomes a request. */
	@FunctionalInterface
	private interface Decoder {

		ExportLogsServiceRequest decode(byte[] value);

	}

}
