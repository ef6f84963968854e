-- A comparison's outcome moves out of field_check into a narrow table of its own (issue 7): what a crew
-- found is imported once and never rewritten, and the first comparison of a quarter inserts four narrow
-- columns per check instead of rewriting every wide imported row, which at 1,000,000 meters was a third
-- of that comparison's time (docs/performance.md). Written only by a comparison, for checks it read from
-- field_check; no foreign key, whose per-row check would cost as much again.
CREATE TABLE field_outcome (
    meter          TEXT NOT NULL,
    check_time_ms  BIGINT NOT NULL,
    counts         SMALLINT NOT NULL,   -- 1: the meter was there: the check is a verification
    compared_at_ms BIGINT NOT NULL,     -- when this outcome was first recorded
    PRIMARY KEY (meter, check_time_ms)
);
-- No index on check_time_ms: a comparison inserts in meter order, which the key takes as appends,
-- while a time index took them at random and doubled the insert (900,000 rows: 3.6-4.3 s against
-- 7.8-8.5 s). Its readers scan this narrow table instead: the due list's last check per meter reads
-- all of it anyway, and a comparison reads its quarter's outcomes once.
INSERT INTO field_outcome (meter, check_time_ms, counts, compared_at_ms)
    SELECT meter, check_time_ms, counts, compared_at_ms FROM field_check WHERE compared_at_ms IS NOT NULL;
ALTER TABLE field_check DROP COLUMN compared_at_ms;
ALTER TABLE field_check DROP COLUMN counts;
