-- no change: PostgreSQL's V5 (series.last_xid) has no SQLite counterpart, the file's one writer keeps its copy
SELECT 1;
