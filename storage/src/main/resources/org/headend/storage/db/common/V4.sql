-- field checks (issue 7): crews' results, comparison outcomes, mismatches found, corrections accepted
-- Times are epoch milliseconds UTC (BIGINT) in both dialects so that this one script (common/) serves both
-- stores; these are business records of at most a few per meter and quarter, not a time series.
-- A check is keyed (meter, check time): re-importing a sheet finds its rows already there.
CREATE TABLE field_check (
    meter              TEXT NOT NULL,
    check_time_ms      BIGINT NOT NULL,
    meter_present      SMALLINT NOT NULL,
    register_kwh       DOUBLE PRECISION,
    meter_serial       TEXT NOT NULL,
    ct_ratio           DOUBLE PRECISION,
    vt_ratio           DOUBLE PRECISION,
    ct_serial          TEXT NOT NULL,
    vt_serial          TEXT NOT NULL,
    seal               TEXT NOT NULL,
    meter_clock_ms     BIGINT,
    clamp_current_a    DOUBLE PRECISION,
    clamp_voltage_v    DOUBLE PRECISION,
    clamp_power_factor DOUBLE PRECISION,
    phases             SMALLINT,
    meter_power_kw     DOUBLE PRECISION,
    ws_pulses          DOUBLE PRECISION,
    ws_constant        DOUBLE PRECISION,
    ws_power_w         DOUBLE PRECISION,
    ws_seconds         DOUBLE PRECISION,
    crew               TEXT NOT NULL,
    notes              TEXT NOT NULL,
    origin             TEXT NOT NULL,        -- file and line of the first import
    imported_at_ms     BIGINT NOT NULL,
    compared_at_ms     BIGINT,               -- null until compared; when the present outcome was first recorded
    counts             SMALLINT NOT NULL DEFAULT 0, -- 1: compared and the meter was there: a verification
    PRIMARY KEY (meter, check_time_ms)
);
CREATE INDEX field_check_by_time ON field_check (check_time_ms);

-- Mismatches found by a comparison. Open ones are replaced when a check is compared again;
-- accepted ones (accepted_at_ms set) are history and never change.
CREATE TABLE field_finding (
    meter          TEXT NOT NULL,
    check_time_ms  BIGINT NOT NULL,
    category       TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    energy_kwh     DOUBLE PRECISION NOT NULL,
    band           TEXT NOT NULL,
    area           TEXT NOT NULL,
    found_at_ms    BIGINT NOT NULL,
    accepted_at_ms BIGINT,
    accepted_by    TEXT NOT NULL,
    PRIMARY KEY (meter, check_time_ms, category)
);
CREATE INDEX field_finding_by_time ON field_finding (check_time_ms);

-- The field value prevails: one row per accepted finding, never updated or deleted. The remote
-- readings stay as they were read; reports and bills apply these on top.
CREATE TABLE field_correction (
    meter          TEXT NOT NULL,
    check_time_ms  BIGINT NOT NULL,
    category       TEXT NOT NULL,
    quantity       TEXT NOT NULL,
    remote_value   DOUBLE PRECISION NOT NULL,
    field_value    DOUBLE PRECISION NOT NULL,
    energy_kwh     DOUBLE PRECISION NOT NULL,
    valid_from_ms  BIGINT NOT NULL,
    accepted_at_ms BIGINT NOT NULL,
    accepted_by    TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (meter, check_time_ms, category)
);
CREATE INDEX field_correction_by_time ON field_correction (check_time_ms);
