-- the meter archive with its history: one row per version of a meter's record, the current one open-ended
-- What a reading was taken under (channel, CT and VT ratio, ...) must stay answerable after the archive
-- changes: a wrong CT ratio found on site is corrected from the date it became wrong (domain.md), so a
-- change closes the current version (valid_to_ms) and opens a new one instead of overwriting it.
-- Times are epoch milliseconds UTC, as in V4, so one script serves both stores.
CREATE TABLE meter_archive (
    meter          TEXT NOT NULL,
    valid_from_ms  BIGINT NOT NULL,
    valid_to_ms    BIGINT,                 -- null: the current version
    status         TEXT NOT NULL,          -- in_service, removed
    protocol       TEXT NOT NULL,          -- e.g. dlt645-2007, modbus-tcp (with its edition)
    channel        TEXT NOT NULL,          -- bus or serial line, or concentrator and point
    ct_ratio       DOUBLE PRECISION NOT NULL,
    vt_ratio       DOUBLE PRECISION NOT NULL,
    customer_class TEXT NOT NULL,
    voltage_level  TEXT NOT NULL,
    area           TEXT NOT NULL,
    reading_method TEXT NOT NULL,          -- remote, concentrator, manual
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    account        TEXT NOT NULL,
    customer_name  TEXT NOT NULL,
    meter_serial   TEXT NOT NULL,
    ct_serial      TEXT NOT NULL,
    vt_serial      TEXT NOT NULL,
    seals          TEXT NOT NULL,
    remote_since   TEXT,                   -- ISO date
    accuracy_class DOUBLE PRECISION,
    PRIMARY KEY (meter, valid_from_ms)
);
-- at most one current version per meter, and a cheap "current archive"
CREATE UNIQUE INDEX meter_archive_current ON meter_archive (meter) WHERE valid_to_ms IS NULL;
