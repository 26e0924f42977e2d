-- The experiment behind the indexes of V6__partition_log_event.sql: 600,000 events over 10 days
-- (2026-11-22 to 2026-12-01), 20 services, levels INFO 80%, DEBUG 10%, WARN 6%, ERROR 3.5%,
-- FATAL 0.5%, a trace id on half of them; then the plans of the usual queries. Not part of any
-- test. Run it on an empty database migrated by logbatch (psql -f bench/sql/store-index-plans.sql).
DO $$
DECLARE
	day date;
BEGIN
	FOR day IN SELECT date '2026-11-22' + g FROM generate_series(0, 9) g LOOP
		EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF log_event FOR VALUES FROM (%L) TO (%L)',
				'log_event_p' || to_char(day, 'YYYYMMDD'), to_char(day, 'YYYY-MM-DD "00:00:00+00"'),
				to_char(day + 1, 'YYYY-MM-DD "00:00:00+00"'));
	END LOOP;
END
$$;

\timing on
INSERT INTO log_event (event_id, occurred_at, level, service, host, message, trace_id, attributes, source_topic,
		source_partition, source_offset, published_at)
SELECT md5(i::text) || '-' || i, timestamptz '2026-11-22 00:00:00+00' + i * interval '1.44 seconds',
	CASE WHEN r < 0.80 THEN 'INFO' WHEN r < 0.90 THEN 'DEBUG' WHEN r < 0.96 THEN 'WARN' WHEN r < 0.995 THEN 'ERROR'
		ELSE 'FATAL' END,
	'service-' || i % 20, 'host-' || i % 50,
	'request handled in ' || i % 997 || ' ms for user ' || md5((i * 7)::text) || ' path /api/v1/orders/' || i,
	CASE WHEN i % 2 = 0 THEN md5((i / 10)::text) END,
	jsonb_build_object('http.status', 200 + i % 5, 'user', 'u' || i % 1000), 'logs', i % 4, i,
	timestamptz '2026-11-22 00:00:00+00' + i * interval '1.44 seconds'
FROM (SELECT i, random() AS r FROM generate_series(1, 599999) i) s;
\timing off
ANALYZE log_event;

-- the newest 100 events of the last hour
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM log_event
WHERE occurred_at >= '2026-12-01 23:00+00' AND occurred_at < '2026-12-02 00:00+00' ORDER BY occurred_at DESC LIMIT 100;
-- the newest 100 FATAL events of the last day (log_event_severe_idx)
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM log_event
WHERE occurred_at >= '2026-12-01 00:00+00' AND level = 'FATAL' ORDER BY occurred_at DESC LIMIT 100;
-- the newest 100 ERROR events of one service in the last hour (log_event_service_level_idx)
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM log_event
WHERE service = 'service-7' AND level = 'ERROR' AND occurred_at >= '2026-12-01 23:00+00' ORDER BY occurred_at DESC LIMIT 100;
-- the newest 100 events of one service in the last day
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM log_event
WHERE service = 'service-7' AND occurred_at >= '2026-12-01 00:00+00' ORDER BY occurred_at DESC LIMIT 100;
-- every event of a trace (log_event_trace_id_idx), in every partition
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM log_event WHERE trace_id = md5('5000') ORDER BY occurred_at;
