package io.logbatch.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.logbatch.parsing.InvalidRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading what a dead-letter topic holds, for the tests' assertions. */
public final class DeadLetters {

	private DeadLetters() {
	}

	/** Dead letters by their record's key; the first of a record dead-lettered twice. */
	public static Map<String, ConsumerRecord<byte[], byte[]>> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
		return records.stream()
			.collect(Collectors.toMap((record) -> new String(record.key(), StandardCharsets.UTF_8),
					Function.identity(), (first, repeat) -> first));
	}

	/** Asserts that a dead letter is bad input with this reason code. */
	public static void assertReason(ConsumerRecord<byte[], byte[]> deadLetter, String reasonCode) {
		assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.isEqualTo(InvalidRecordException.class.getName());
		assertThat(Kafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).startsWith(reasonCode + ":");
	}

}
