-- The next offset to read per group and partition, written in the same transaction as a
-- chunk's rows: the truth that the Kafka group's committed offsets follow.
CREATE TABLE consumer_offset (
	group_id    text   NOT NULL,
	topic       text   NOT NULL,
	partition   int    NOT NULL,
	next_offset bigint NOT NULL,
	PRIMARY KEY (group_id, topic, partition)
);
