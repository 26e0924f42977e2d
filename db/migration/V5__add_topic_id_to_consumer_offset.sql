-- The id of the topic an offset was read from: a topic deleted and re-created under the same
-- name gets a new id, and its stored offsets then belong to the old one. NULL: stored by a
-- version before this column, id unknown.
ALTER TABLE consumer_offset ADD COLUMN topic_id text;
