-- no change: keeps SQLite's version numbers in step with PostgreSQL's from V4 on
-- PostgreSQL's V2 (readings rekeyed) has no SQLite counterpart, so SQLite's V2 is PostgreSQL's V3
-- (events, poll tallies); from V4 on a script written once under common/ serves both dialects.
SELECT 1;
