-- meter events and per-day poll tallies
-- An event is known by meter, kind and start: reading the same record again is harmless, and a
-- record first read while the event was still going on gets its end when it is read again.
CREATE TABLE meter_event (
    meter    TEXT    NOT NULL,
    kind     TEXT    NOT NULL,       -- e.g. power.down, cover.open, voltage.loss.a
    started  INTEGER NOT NULL,       -- epoch milliseconds UTC
    ended    INTEGER,                -- null while it lasts or when the meter does not say
    detail   TEXT    NOT NULL,
    recorded INTEGER NOT NULL,       -- when the head-end learnt of it
    PRIMARY KEY (meter, kind, started)
) WITHOUT ROWID;
CREATE INDEX meter_event_by_start ON meter_event (started);

-- What reading each meter took on one local day, as the collector tallies it; read-rate reports
-- are computed from these. The collector writes its running tallies (not increments), newest
-- wins, so a repeated write changes nothing.
CREATE TABLE poll_day (
    day      TEXT    NOT NULL,       -- local date, ISO-8601
    meter    TEXT    NOT NULL,
    due      INTEGER NOT NULL,       -- jobs the schedule gave the meter
    answered INTEGER NOT NULL,       -- jobs that brought values back
    failed   INTEGER NOT NULL,       -- timeouts, bad frames, lost connections
    skipped  INTEGER NOT NULL,       -- not started: the meter's previous job was still pending
    updated  INTEGER NOT NULL,       -- epoch milliseconds of the tally
    PRIMARY KEY (day, meter)
) WITHOUT ROWID;
