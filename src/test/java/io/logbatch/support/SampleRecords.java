package io.logbatch.support;

/**
 * Records written by the real software that produces them, verbatim, for the tests of several packages that
 * read them: the parsers' own and the {@code parse} command's.
 */
public final class SampleRecords {

	/**
	 * Verbatim {@code logsJSON} of the OpenTelemetry Collector's {@code pdata/plog/json_test.go}, which its
	 * {@code TestJSONMarshal} asserts to be exactly what {@code plog.JSONMarshaler} writes, the marshaler the
	 * Kafka exporter uses for {@code encoding: otlp_json}.
	 */
	public static final String COLLECTOR_JSON = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"testHost\"}}],\"droppedAttributesCount\":1},\"scopeLogs\":[{\"scope\":{\"name\":\"name\",\"version\":\"version\",\"droppedAttributesCount\":1},\"logRecords\":[{\"timeUnixNano\":\"1684617382541971000\",\"observedTimeUnixNano\":\"1684623646539558000\",\"severityNumber\":17,\"severityText\":\"Error\",\"body\":{\"stringValue\":\"hello world\"},\"attributes\":[{\"key\":\"sdkVersion\",\"value\":{\"stringValue\":\"1.0.1\"}}],\"droppedAttributesCount\":1,\"flags\":1,\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"1112131415161718\"}],\"schemaUrl\":\"scope_schema\"}],\"schemaUrl\":\"resource_schema\"}]}";


	/**
	 * Filebeat 7.17.9's Kafka output for a line of nginx's {@code main} format, as kafka-console-consumer
	 * printed it (a Filebeat, Kafka and Logstash tutorial on GitHub).
	 */
	public static final String FILEBEAT_NGINX = "{\"@timestamp\":\"2023-04-11T22:11:50.656Z\",\"@metadata\":{\"beat\":\"filebeat\","
			+ "\"type\":\"_doc\",\"version\":\"7.17.9\"},\"log\":{\"offset\":0,\"file\":{\"path\":\"/var/log/nginx/access.log\"}},"
			+ "\"message\":\"10.89.2.6 - - [11/Apr/2023:22:11:41 +0000] \\\"GET / HTTP/1.0\\\" 200 615 \\\"-\\\" "
			+ "\\\"curl/7.79.1\\\" \\\"-\\\"\",\"tags\":[\"nginx-access\"],\"input\":{\"type\":\"filestream\"},"
			+ "\"fields\":{\"doc\":\"app-filebeat-nginx-access\"},\"ecs\":{\"version\":\"1.12.0\"},"
			+ "\"host\":{\"name\":\"053dd9dc5419\"},\"agent\":{\"name\":\"053dd9dc5419\",\"type\":\"filebeat\","
			+ "\"version\":\"7.17.9\",\"hostname\":\"053dd9dc5419\",\"ephemeral_id\":\"5eada860-4c61-4dfc-b515-cb9698da664c\","
			+ "\"id\":\"3db14b2e-4831-43c4-926d-97136d781be1\"}}";


	private SampleRecords() {
	}

}
