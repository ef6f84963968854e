-- no change: SQLite's V7 (series.last_* emptied there) has no PostgreSQL counterpart
SELECT 1;
