package io.logbatch.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes each polled record's value the whole record. {@code KafkaItemReader.read()} returns
 * only {@code record.value()}, losing the topic, partition, offset, key, headers and
 * timestamp that the dead-letter topic and {@code log_event} need; with this interceptor on
 * its consumer, that value is the full {@link ConsumerRecord}.
 */
public class RecordKeepingInterceptor implements ConsumerInterceptor<Object, Object> {

	@Override
	public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
		Map<TopicPartition, List<ConsumerRecord<Object, Object>>> wrapped = new HashMap<>();
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<Object, Object>> polled = records.records(partition);
			List<ConsumerRecord<Object, Object>> kept = new ArrayList<>(polled.size());
			for (ConsumerRecord<Object, Object> record : polled) {
				kept.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
						record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
						record, record.headers(), record.leaderEpoch(), record.deliveryCount()));
			}
			wrapped.put(partition, kept);
		}
		return new ConsumerRecords<>(wrapped, records.nextOffsets());
	}

	@Override
	public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

}
