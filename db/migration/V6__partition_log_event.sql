-- The log store that lives for months: log_event partitioned by UTC day of occurred_at, so that
-- retention drops whole days; an event is its id and its time, (event_id, occurred_at); indexes
-- for the usual queries; and log_rollup, events per minute, service and level.
--
-- Converts a database of the earlier versions in place, in the one transaction Flyway runs this
-- migration in: the unpartitioned table's rows move into day partitions (its primary key on
-- event_id alone makes every row's (event_id, occurred_at) unique, so each row is kept exactly
-- once) and log_rollup is counted from them; anything failing rolls all of it back. V2 declared
-- occurred_at NOT NULL, so every row has a day. The old table is dropped, not cascaded: a view
-- or foreign key of the user's on it stops the upgrade with PostgreSQL's message rather than
-- vanish. The rows are copied, so the upgrade needs room for a second copy of log_event and
-- takes an exclusive lock on it while it runs: stop the runs first.
ALTER TABLE log_event RENAME TO log_event_unpartitioned;
-- its index would otherwise keep the name that the new primary key takes
ALTER TABLE log_event_unpartitioned DROP CONSTRAINT log_event_pkey;

-- No default partition: a default partition holding a row of some day blocks creating that
-- day's partition later (PostgreSQL refuses to attach a partition whose rows the default
-- partition holds), and moving them out would take a long exclusive lock. Every day gets its own
-- partition instead, before its rows are written (store/DayPartitions).
CREATE TABLE log_event (
	event_id         text        NOT NULL,
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
) PARTITION BY RANGE (occurred_at);

-- One partition per UTC day that has rows, named log_event_pYYYYMMDD, from that day's midnight
-- UTC to the next. The bounds are written in ISO form with an explicit +00, which PostgreSQL
-- reads the same whatever the session's TimeZone and DateStyle.
DO $$
DECLARE
	day date;
BEGIN
	FOR day IN SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM log_event_unpartitioned ORDER BY 1 LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF log_event FOR VALUES FROM (%L) TO (%L)',
				'log_event_p' || to_char(day, 'YYYYMMDD') || CASE WHEN day < DATE '0001-01-01' THEN 'bc' ELSE '' END,
				to_char(day, 'YYYY-MM-DD "00:00:00+00"') || CASE WHEN day < DATE '0001-01-01' THEN ' BC' ELSE '' END,
				to_char(day + 1, 'YYYY-MM-DD "00:00:00+00"') || CASE WHEN day + 1 < DATE '0001-01-01' THEN ' BC' ELSE '' END);
	END LOOP;
END
$$;

INSERT INTO log_event (event_id, occurred_at, level, service, host, message, trace_id, attributes, source_topic,
		source_partition, source_offset, published_at, ingested_at)
	SELECT event_id, occurred_at, level, service, host, message, trace_id, attributes, source_topic, source_partition,
		source_offset, published_at, ingested_at
	FROM log_event_unpartitioned;

DROP TABLE log_event_unpartitioned;

-- Declared on the partitioned table, so every partition, present and future, has them; built
-- after the rows are in, which is faster than maintaining them row by row. Each index costs
-- every insert (measured on 600,000 rows over 10 days: the four below together take the insert
-- from about 6 s with the primary key alone to 9-11 s), so there are as few as the usual queries
-- need:
-- the identity, which the writes' ON CONFLICT uses;
ALTER TABLE log_event ADD PRIMARY KEY (event_id, occurred_at);
-- the newest events of a time range: the partitions narrow the days, the index the range, read
-- backwards for newest first (nearly free to maintain: rows arrive in about time order);
CREATE INDEX log_event_occurred_at_idx ON log_event (occurred_at);
-- the newest errors of a time range, which a filter on the index above would find only after
-- passing over every other row: indexed are the few ERROR and FATAL rows, so it costs little;
CREATE INDEX log_event_severe_idx ON log_event (occurred_at) WHERE level IN ('ERROR', 'FATAL');
-- one service, and one level of it, in a time range, newest first;
CREATE INDEX log_event_service_level_idx ON log_event (service, level, occurred_at);
-- every event of a trace; rows without a trace id take no room in it.
CREATE INDEX log_event_trace_id_idx ON log_event (trace_id) WHERE trace_id IS NOT NULL;

-- Events per minute (UTC), service ('' when unknown) and level: what a dashboard reads instead
-- of raw rows. A chunk's transaction adds the rows it stored (store/LogEventWriter).
CREATE TABLE log_rollup (
	bucket  timestamptz NOT NULL,
	service text        NOT NULL DEFAULT '',
	level   text        NOT NULL,
	events  bigint      NOT NULL,
	PRIMARY KEY (bucket, service, level)
);

INSERT INTO log_rollup (bucket, service, level, events)
	SELECT date_trunc('minute', occurred_at, 'UTC'), coalesce(service, ''), coalesce(level, ''), count(*)
	FROM log_event
	GROUP BY 1, 2, 3;

-- The same counts per hour: a dashboard's day or week reads 60 times fewer rows than from
-- log_rollup (a day of 20 services and 5 levels is about 100,000 rows of log_rollup, 2,400 here).
-- The same transactions add to both tables, from the same counts (store/RollupCounts).
CREATE TABLE log_rollup_hour (
	bucket  timestamptz NOT NULL,
	service text        NOT NULL DEFAULT '',
	level   text        NOT NULL,
	events  bigint      NOT NULL,
	PRIMARY KEY (bucket, service, level)
);

INSERT INTO log_rollup_hour (bucket, service, level, events)
	SELECT date_trunc('hour', bucket, 'UTC'), service, level, sum(events)
	FROM log_rollup
	GROUP BY 1, 2, 3;

ANALYZE log_event, log_rollup, log_rollup_hour;
