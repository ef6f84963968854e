-- series.last_* no longer kept on SQLite: emptied, so that no tool reads them stale
-- The store finds each series' newest reading with a seek in the (series, time) index instead of
-- updating one series row per batch (docs/performance.md, end to end). The columns stay: the
-- layout matches PostgreSQL's, where "last reading per meter" is still kept in the write.
UPDATE series SET last_time = NULL, last_value = NULL, last_unit = NULL, last_quality = NULL, last_source = NULL;
