-- Dead letters that `dlt redrive` republished, by the topic, partition and offset of the
-- record that failed: however many copies the DLT holds and however often redrive runs, a
-- record is republished once. A row is inserted before its publish and committed after the
-- broker acknowledged it, so concurrent redrives wait on each other's row.
CREATE TABLE dlt_redrive (
	original_topic     text        NOT NULL,
	original_partition int         NOT NULL,
	original_offset    bigint      NOT NULL,
	redrive_count      int         NOT NULL,            -- logbatch-redrive-count of the republished record
	redriven_at        timestamptz NOT NULL DEFAULT now(),
	redriven_partition int,                             -- where the republished record went: null only
	redriven_offset    bigint,                          -- inside the publishing transaction
	PRIMARY KEY (original_topic, original_partition, original_offset)
);
