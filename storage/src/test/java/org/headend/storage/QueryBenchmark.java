package org.headend.storage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Query times of the stores on 20 million readings (issue 4). Not a test: a {@code main} run by
 * hand (docs/performance.md, "Queries on 20 million readings"). The readings are generated inside
 * the database (SQL, not through {@code write}, which StoreBenchmark measures): {@code meters}
 * meters x {@code hours} hourly energy readings from 2026-01-28 00:00 UTC, so days cross a month
 * boundary; series.last_* is set as the store keeps it. Then each query runs 7 times and the
 * median and minimum wall times are printed, next to a plain scan of the same rows
 * ({@code count(*)} of the readings of the range) as the baseline.
 *
 * <p>Arguments: meters (default 100,000), hours (default 200). PostgreSQL in a scratch schema when
 * {@code HEADEND_TEST_JDBC_URL} is set, TimescaleDB when {@code HEADEND_TEST_TIMESCALE_URL} is;
 * SQLite in a temporary file unless {@code -Dbench.sqlite=false}.
 */
public final class QueryBenchmark {
    static final String ENERGY = "energy.active.import.total";
    static final Instant START = Instant.parse("2026-01-28T00:00:00Z");

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf("%,d meters x %d hourly readings = %,d readings; load average %.2f%n", meters, hours,
                (long) meters * hours, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (!"false".equals(System.getProperty("bench.sqlite"))) {
            Path dir = Files.createTempDirectory("query-bench");
            Path file = dir.resolve("q.db");
            Stores.open("embedded:" + file).close(); // schema
            long t = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < " + meters + ")"
                        + " INSERT INTO series (quantity, meter, id) SELECT '" + ENERGY + "', printf('%012d', i), i FROM m");
                s.execute("WITH RECURSIVE h(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM h WHERE k < " + (hours - 1) + ")"
                        + " INSERT INTO reading (time, series, value, unit, quality, source)"
                        + " SELECT " + START.toEpochMilli() + " + k * 3600000, id, 1000 + id * 0.01 + k * 0.5, 'kWh', 0, 0"
                        + " FROM h, series ORDER BY 1, 2");
                s.execute("UPDATE series SET last_time = " + (START.toEpochMilli() + (hours - 1) * 3_600_000L)
                        + ", last_value = 1000 + id * 0.01 + " + (hours - 1) + " * 0.5, last_unit = 'kWh', last_quality = 0,"
                        + " last_source = 0, last_xid = pg_current_xact_id()");
            }
            System.out.printf("SQLite: generated in %.0f s, file %,d MiB%n", (System.nanoTime() - t) / 1e9,
                    (Files.size(file) + walSize(file)) >> 20);
            baseline(() -> scalar("jdbc:sqlite:" + file, "SELECT count(*) FROM reading WHERE time >= "
                    + START.toEpochMilli() + " AND time < " + (START.toEpochMilli() + 86_400_000L * 2)));
            try (ReadingStore store = Stores.open("embedded:" + file)) {
                queries(store, meters, hours);
            }
            Files.deleteIfExists(dir.resolve("q.db-wal"));
            Files.deleteIfExists(dir.resolve("q.db-shm"));
            Files.delete(file);
            Files.delete(dir);
        }
        for (String variable : new String[] {"HEADEND_TEST_JDBC_URL", "HEADEND_TEST_TIMESCALE_URL"}) {
            String url = System.getenv(variable);
            if (url == null) {
                System.out.println(variable + " unset: skipped");
            } else {
                postgresql(url, variable.contains("TIMESCALE"), meters, hours);
            }
        }
    }

    /**
     * One PostgreSQL run. {@code timescale}: the server is the one-session TimescaleDB of
     * tools/timescaledb-wasm, so the store gets one connection and the daily aggregate is in
     * Asia/Shanghai: "dailyUse ... (Asia/Shanghai)" reads it, "(UTC)" is computed from the readings.
     */
    private static void postgresql(String url, boolean timescale, int meters, int hours) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + (timescale ? ",public" : "");
        StoreBenchmark.exec(url, "CREATE SCHEMA " + schema);
        try {
            StoreOptions options = StoreOptions.defaults().withConnections(timescale ? 1 : 4)
                    .withDailyZone(ZoneId.of("Asia/Shanghai"));
            Clock after = Clock.fixed(START.plusSeconds(3600L * hours + 86_400), ZoneOffset.UTC);
            PostgresStore.open(scoped, null, null, options, after).close();
            long t = System.nanoTime();
            try (Connection c = DriverManager.getConnection(scoped); Statement s = c.createStatement()) {
                s.execute("INSERT INTO series (quantity, meter, id) OVERRIDING SYSTEM VALUE"
                        + " SELECT '" + ENERGY + "', lpad(i::text, 12, '0'), i FROM generate_series(1, " + meters + ") i");
                s.execute("INSERT INTO reading (time, value, series, quality, source, unit)"
                        + " SELECT timestamptz '" + START + "' + k * interval '1 hour', 1000 + i * 0.01 + k * 0.5, i, 0, 0, 'kWh'"
                        + " FROM generate_series(0, " + (hours - 1) + ") k, generate_series(1, " + meters + ") i");
                s.execute("UPDATE series SET last_time = timestamptz '" + START + "' + " + (hours - 1) + " * interval '1 hour',"
                        + " last_value = 1000 + id * 0.01 + " + (hours - 1) + " * 0.5, last_unit = 'kWh', last_quality = 0,"
                        + " last_source = 0, last_xid = pg_current_xact_id()");
                s.execute("VACUUM ANALYZE series");
                s.execute("ANALYZE reading");
            }
            System.out.printf("PostgreSQL: generated in %.0f s, %s%n", (System.nanoTime() - t) / 1e9,
                    scalar(scoped, "SELECT pg_size_pretty(pg_total_relation_size('reading')"
                            + " + coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits"
                            + " WHERE inhparent = 'reading'::regclass), 0))"));
            baseline(() -> scalar(scoped, "SELECT count(*) FROM reading WHERE time >= '" + START
                    + "' AND time < '" + START.plusSeconds(86_400 * 2) + "'"));
            try (ReadingStore store = PostgresStore.open(scoped, null, null, options, after)) {
                queries(store, meters, hours);
            }
        } finally {
            StoreBenchmark.exec(url, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static long walSize(Path file) throws Exception {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    /** The baseline, timed before the store opens (a TimescaleDB in PGlite serves one session). */
    private static void baseline(Supplier<String> scan) {
        time("baseline: plain count of 2 days of readings (" + scan.get() + " rows)", scan::get);
    }

    private static void queries(ReadingStore store, int meters, int hours) {
        System.out.println(store.describe());
        String one = String.format("%012d", meters / 2);
        LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
        int days = hours / 24;
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        time("lastPerMeter, all " + meters + " meters", () -> expect(store.lastPerMeter(ENERGY).size(), meters));
        time("last, one meter", () -> store.last(one, ENERGY).orElseThrow());
        time("between, one meter, all " + hours + " readings",
                () -> expect(store.between(one, ENERGY, START, START.plusSeconds(3600L * hours)).size(), hours));
        time("dailyUse, one meter, " + (days - 1) + " days (Asia/Shanghai)",
                () -> store.dailyUse(one, ENERGY, first.plusDays(1), first.plusDays(days), zone));
        time("dailyUse, all meters, one day (UTC)",
                () -> expect(store.dailyUse(ENERGY, first.plusDays(3), first.plusDays(4), ZoneOffset.UTC).size(), meters));
        time("dailyUse, all meters, one day (Asia/Shanghai)",
                () -> expect(store.dailyUse(ENERGY, first.plusDays(3), first.plusDays(4), zone).size(), meters));
        time("dailyUse, all meters, 7 days (UTC)",
                () -> expect(store.dailyUse(ENERGY, first.plusDays(1), first.plusDays(8), ZoneOffset.UTC).size(), meters * 7));
        time("dailyUse, all meters, 7 days (Asia/Shanghai)",
                () -> expect(store.dailyUse(ENERGY, first.plusDays(1), first.plusDays(8), zone).size(), meters * 7));
    }

    private static Object expect(int got, int want) {
        if (got != want) {
            throw new IllegalStateException("got " + got + " rows, expected " + want);
        }
        return got;
    }

    private static void time(String what, Supplier<Object> query) {
        long[] ms = new long[7];
        query.get(); // first call: caches, plans
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("  %-60s median %,6d ms (min %,d, max %,d)%n", what, ms[ms.length / 2], ms[0], ms[ms.length - 1]);
    }

    private static String scalar(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }
}
