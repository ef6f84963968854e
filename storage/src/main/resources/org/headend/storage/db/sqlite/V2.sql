-- no change: PostgreSQL's V2 rekeys its readings; recorded so both dialects share version numbers
-- SQLite keeps (time, series) as the key and (series, time) as an index (V1): its writes append at
-- the right edge of the time-first key, which the measurements behind V1 favour for SQLite.
SELECT 1;
