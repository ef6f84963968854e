-- readings keyed time first, and series with the last reading of each meter and quantity
-- One row per (quantity, meter): readings refer to it by a small integer instead of repeating
-- two strings, and it carries the newest reading, so "last per meter" of a quantity is one
-- contiguous range of this table's key (no lookup per row). last_* is moved forward in the
-- write's transaction, only by a newer reading. The single writer assigns id = max + 1.
CREATE TABLE series (
    quantity     TEXT    NOT NULL,
    meter        TEXT    NOT NULL,
    id           INTEGER NOT NULL,
    last_time    INTEGER,            -- epoch milliseconds UTC
    last_value   REAL,
    last_unit    TEXT,
    last_quality INTEGER,
    last_source  INTEGER,
    PRIMARY KEY (quantity, meter)
) WITHOUT ROWID;
CREATE UNIQUE INDEX series_by_id ON series (id);

-- The dedupe key is time first: readings arrive one poll cycle at a time, so inserts append at
-- the right edge of the B-tree (~10x the ingest of a meter-first key, dependencies.md 4.2).
CREATE TABLE reading (
    time    INTEGER NOT NULL,        -- epoch milliseconds UTC
    series  INTEGER NOT NULL,
    value   REAL    NOT NULL,
    unit    TEXT    NOT NULL,
    quality INTEGER NOT NULL,        -- Quality.code()
    source  INTEGER NOT NULL,        -- Source.code()
    PRIMARY KEY (time, series)
) WITHOUT ROWID;
-- between(meter, quantity, from, to) seeks here instead of scanning every meter's rows of the range.
CREATE INDEX reading_by_series ON reading (series, time);
