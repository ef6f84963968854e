-- readings keyed (series, time): one B-tree for dedupe and per-meter reads instead of two
-- V1 keyed readings time first (dependencies.md 4.2: faster to append to) and kept a second
-- index (series, time) for between(); every write paid both. The (series, time) index is needed
-- anyway, so as the key it alone makes a retried write harmless: in psql a quarter less insert
-- time per 100k readings (docs/performance.md, Storage), and one B-tree less on disk. Rebuilds the key on existing partitions: on a
-- large table run it in a maintenance window (it holds an exclusive lock while it builds).
ALTER TABLE reading DROP CONSTRAINT reading_pkey;
ALTER TABLE reading ADD CONSTRAINT reading_pkey PRIMARY KEY (series, time);
DROP INDEX reading_by_series;
