-- One row per event id: the idempotency key of every write.
CREATE TABLE log_event (
	event_id         text PRIMARY KEY,
	occurred_at      timestamptz NOT NULL,
	level            text,
	service          text,
	host             text,
	message          text,
	trace_id         text,
	attributes       jsonb,
	source_topic     text,
	source_partition int,
	source_offset    bigint,
	published_at     timestamptz,
	ingested_at      timestamptz DEFAULT now()
);
