package io.logbatch.remote;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Spring Batch's {@link StepExecutionRequest} as a Kafka record value, in UTF-8 JSON:
 * {@code {"stepName":"ingestPartition","stepExecutionId":42}}. A value that is not one
 * deserializes to null, with a warning, so that a stray record on the request topic is
 * skipped rather than retried forever. Thread-safe.
 */
final class PartitionRequestSerde implements Serializer<StepExecutionRequest>, Deserializer<StepExecutionRequest> {

	private static final Logger logger = LoggerFactory.getLogger(PartitionRequestSerde.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable StepExecutionRequest request) {
		if (request == null) {
			return null;
		}
		ObjectNode value = JSON.createObjectNode();
		value.put("stepName", request.getStepName());
		value.put("stepExecutionId", request.getStepExecutionId());
		return JSON.writeValueAsBytes(value);
	}

	@Override
	public @Nullable StepExecutionRequest deserialize(String topic, byte @Nullable [] data) {
		if (data == null) {
			return null;
		}
		try {
			JsonNode value = JSON.readTree(data);
			JsonNode stepName = value.get("stepName");
			JsonNode stepExecutionId = value.get("stepExecutionId");
			if (stepName != null && stepName.isString() && stepExecutionId != null
					&& stepExecutionId.canConvertToLong()) {
				return new StepExecutionRequest(stepName.asString(), stepExecutionId.asLong());
			}
		}
		catch (JacksonException ex) {
			// not JSON: reported below
		}
		logger.warn("Ignoring a record on {} that is not a partition request: {}", topic,
				new String(data, 0, Math.min(data.length, 200), StandardCharsets.UTF_8));
		return null;
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		// nothing to configure
	}

	@Override
	public void close() {
		// holds nothing
	}

}
