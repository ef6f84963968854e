-- series.last_xid: the transaction that last moved last_*, so lastPerMeter fetches only what changed
-- Readers keep a copy of last_* per quantity and ask only for rows whose last_xid is not older than
-- the xmin of their previous snapshot (every change they have not seen has such an xid), instead of
-- sending 100,000 rows each time (docs/performance.md, Storage). xid8 does not wrap. A constant
-- default adds the column without rewriting the table; old rows get 0 and are read at the first call.
-- Anything that changes last_* must set last_xid = pg_current_xact_id() too.
ALTER TABLE series ADD COLUMN last_xid xid8 NOT NULL DEFAULT '0';
