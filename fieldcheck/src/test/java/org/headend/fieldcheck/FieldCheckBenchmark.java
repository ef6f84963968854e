package org.headend.fieldcheck;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.MeterSite;
import org.headend.collector.archive.ReadingMethod;
import org.headend.storage.FieldResult;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;
import org.headend.storage.Stores;

/**
 * Not a test: the quarterly comparison and the due list over many meters, next to a plain scan of
 * the quarter's readings in the same run (issue 7, benchmark). Usage and figures: docs/performance.md.
 *
 * <pre>java -cp ... org.headend.fieldcheck.FieldCheckBenchmark [meters=100000] [days=90] [store=sqlite|postgresql]</pre>
 * PostgreSQL takes env HEADEND_TEST_JDBC_URL and works in a scratch schema, dropped at the end
 * (-Dbench.keep=true keeps it; -Dbench.schema=NAME runs again on a kept one without writing).
 */
public final class FieldCheckBenchmark {
    static final Instant FIRST = Instant.parse("2026-06-30T00:05:00Z");
    static final Quarter Q3 = new Quarter(2026, 3);

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        String kind = args.length > 2 ? args[2] : "sqlite";
        System.out.printf("%,d meters x %d daily readings, %s, java %s, %d cpus, load %.2f%n", meters, days, kind,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String base = System.getenv("HEADEND_TEST_JDBC_URL");
        String reuse = System.getProperty("bench.schema");
        String schema = reuse != null ? reuse : "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path dir = Files.createTempDirectory("fieldcheck-bench");
        String spec;
        String jdbc;
        if (kind.equals("postgresql")) {
            if (reuse == null) {
                try (Connection c = DriverManager.getConnection(base)) {
                    c.createStatement().execute("CREATE SCHEMA " + schema);
                }
            }
            spec = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            jdbc = spec;
        } else {
            spec = "embedded:" + dir.resolve("bench.db");
            jdbc = "jdbc:sqlite:" + dir.resolve("bench.db");
        }
        try (ReadingStore store = Stores.open(spec)) {
            List<Meter> archive = archive(meters);
            long t0 = System.nanoTime();
            if (reuse == null && Boolean.parseBoolean(System.getProperty("bench.sql", "true"))) {
                if (kind.equals("postgresql")) {
                    generate(jdbc, meters, days);
                } else {
                    generateSqlite(jdbc, meters, days);
                }
                System.out.printf("generated %,d readings in the database in %.1f s (-Dbench.sql=false writes them"
                        + " through ReadingStore.write instead)%n", (long) meters * days, secs(t0));
                t0 = System.nanoTime();
                int checked = checks(store, archive, days);
                System.out.printf("saved %,d field checks in %.1f s%n", checked, secs(t0));
            } else if (reuse == null) {
                write(store, archive, days);
                System.out.printf("wrote %,d readings in %.1f s%n", (long) meters * days, secs(t0));
                t0 = System.nanoTime();
                int checked = checks(store, archive, days);
                System.out.printf("saved %,d field checks in %.1f s%n", checked, secs(t0));
            } else {
                System.out.printf("reusing schema %s (-Dbench.schema)%n", schema);
            }
            FieldCheck fc = new FieldCheck(FieldCheckSettings.defaults(), archive, store, Clock.fixed(FIRST.plus(Duration.ofDays(days)), ZoneOffset.UTC));
            if (Boolean.getBoolean("bench.recordFirst")) {
                // the first recording of every outcome on its own: what a quarter's first comparison adds
                List<FieldResult> all = store.fieldChecks().results(Q3.start(ZoneOffset.UTC), Q3.end(ZoneOffset.UTC));
                long t1 = System.nanoTime();
                store.fieldChecks().recordComparisons(all.stream().map(r -> new org.headend.storage.FieldCheckStore.Compared(
                        r.meter(), r.checkTime(), true, List.of())).toList(), Instant.now());
                System.out.printf("first recording of %,d outcomes, before any comparison: %.2f s%n", all.size(), secs(t1));
            }
            for (int run = 1; run <= 2; run++) {
                t0 = System.nanoTime();
                List<CheckOutcome> outcomes = fc.compare(Q3);
                double compare = secs(t0);
                long findings = outcomes.stream().mapToLong(o -> o.findings().size()).sum();
                t0 = System.nanoTime();
                long[] scanned = scan(jdbc, kind);
                double scan = secs(t0);
                t0 = System.nanoTime();
                DueList due = fc.due(FIRST.plus(Duration.ofDays(days - 2)));
                double dueSecs = secs(t0);
                System.out.printf("run %d: compare %,d checks (%,d findings) %.2f s | plain scan of the quarter's %,d readings"
                                + " %.2f s | ratio %.2f | due list %,d meters %.2f s%n", run, outcomes.size(), findings, compare,
                        scanned[0], scan, compare / scan, due.meters().size(), dueSecs);
                breakdown(store, outcomes);
            }
        } finally {
            if (kind.equals("postgresql") && !Boolean.getBoolean("bench.keep") && reuse == null) {
                try (Connection c = DriverManager.getConnection(base)) {
                    c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Where the comparison's time goes: reading the checks, the readings around them, recording. */
    static void breakdown(ReadingStore store, List<CheckOutcome> outcomes) {
        long t0 = System.nanoTime();
        List<FieldResult> results = store.fieldChecks().results(Q3.start(ZoneOffset.UTC), Q3.end(ZoneOffset.UTC));
        double read = secs(t0);
        List<org.headend.storage.MeterTime> probes = results.stream()
                .map(r -> new org.headend.storage.MeterTime(r.meter(), r.checkTime())).toList();
        t0 = System.nanoTime();
        store.around(FieldCheckSettings.ENERGY, probes, Duration.ofDays(2));
        double around = secs(t0);
        t0 = System.nanoTime();
        List<org.headend.storage.FieldCheckStore.Compared> compared = outcomes.stream()
                .map(o -> new org.headend.storage.FieldCheckStore.Compared(o.result().meter(), o.result().checkTime(), o.counts(), List.of()))
                .toList();
        store.fieldChecks().recordComparisons(compared, Instant.now());
        double record = secs(t0);
        System.out.printf("  of which: read checks %.2f s, readings around %.2f s, record outcomes %.2f s%n", read, around, record);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static List<Meter> archive(int n) {
        SplittableRandom rnd = new SplittableRandom(1);
        List<Meter> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int area = i / 1000;
            MeterSite site = new MeterSite("AC" + i, "", "SN" + i, "", "", "", "0.4kV", ReadingMethod.REMOTE, null,
                    31 + (area % 30) * 0.1 + rnd.nextDouble(0.05), 121 + (area / 30) * 0.1 + rnd.nextDouble(0.05), null);
            out.add(new Meter(String.format("%012d", i + 1), MeterProtocol.DLT645_2007, "gw", BigDecimal.ONE, BigDecimal.ONE,
                    "residential", "area-" + area, site));
        }
        return out;
    }

    /** Register of meter i on day d (kWh): a steady 5-15 kWh per day. */
    static double register(int i, double day) {
        return 1000 + i % 997 + day * (5 + i % 11);
    }

    static void write(ReadingStore store, List<Meter> archive, int days) {
        List<Reading> batch = new ArrayList<>(50_000);
        for (int d = 0; d < days; d++) {
            Instant t = FIRST.plus(Duration.ofDays(d));
            for (int i = 0; i < archive.size(); i++) {
                batch.add(new Reading(archive.get(i).address(), t, FieldCheckSettings.ENERGY,
                        Math.floor(register(i, d) * 100) / 100, "kWh", Quality.ACTUAL, Source.SCHEDULED));
                if (batch.size() == 50_000) {
                    store.write(batch);
                    batch.clear();
                }
            }
        }
        store.write(batch);
    }

    /**
     * The same readings as {@link #write}, made by the server: 90 M rows through the store's write
     * path took ~50 min here, which the benchmark does not measure. As the collector leaves them:
     * monthly partitions as the store names them, each filled in time order (poll cycles arrive one
     * after another, which is what keeps the BRIN index on time selective), keys and indexes built
     * after the load and the partitions attached; the series with their last reading (and last_xid,
     * schema V5) as a write leaves them.
     */
    static void generate(String jdbc, int meters, int days) throws Exception {
        Instant last = FIRST.plus(Duration.ofDays(days - 1));
        String register = "floor((1000 + (i - 1) %% 997 + %s * (5 + (i - 1) %% 11)) * 100) / 100";
        try (Connection c = DriverManager.getConnection(jdbc); var st = c.createStatement()) {
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("INSERT INTO series (quantity, meter, id, last_time, last_value, last_unit, last_quality, last_source, last_xid)"
                    + " SELECT '" + FieldCheckSettings.ENERGY + "', lpad(i::text, 12, '0'), i, timestamptz '" + last + "', "
                    + register.formatted(days - 1) + ", 'kWh', 0, 0, pg_current_xact_id() FROM generate_series(1, " + meters + ") i");
            st.execute("SELECT setval(pg_get_serial_sequence('series', 'id'), " + meters + ")");
            for (java.time.YearMonth m = java.time.YearMonth.from(FIRST.atZone(ZoneOffset.UTC));
                 !m.isAfter(java.time.YearMonth.from(last.atZone(ZoneOffset.UTC))); m = m.plusMonths(1)) {
                String part = String.format("reading_p%d%02d", m.getYear(), m.getMonthValue());
                String from = m + "-01 00:00:00+00";
                String to = m.plusMonths(1) + "-01 00:00:00+00";
                st.execute("DROP TABLE IF EXISTS " + part);
                st.execute("CREATE TABLE " + part + " (LIKE reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                st.execute("INSERT INTO " + part + " (time, value, series, quality, source, unit)"
                        + " SELECT timestamptz '" + FIRST + "' + d * interval '1 day', " + register.formatted("d") + ", i, 0, 0, 'kWh'"
                        // LATERAL keeps days outer: the heap fills in time order, as poll cycles arrive
                        + " FROM generate_series(0, " + (days - 1) + ") d CROSS JOIN LATERAL generate_series(1, " + meters + ") i"
                        + " WHERE timestamptz '" + FIRST + "' + d * interval '1 day' >= '" + from + "'"
                        + " AND timestamptz '" + FIRST + "' + d * interval '1 day' < '" + to + "'");
                st.execute("ALTER TABLE " + part + " ADD PRIMARY KEY (series, time)");
                st.execute("CREATE INDEX ON " + part + " USING brin (time)");
                st.execute("ALTER TABLE reading ATTACH PARTITION " + part + " FOR VALUES FROM ('" + from + "') TO ('" + to + "')");
            }
            st.execute("VACUUM ANALYZE series");
            st.execute("ANALYZE reading");
        }
    }

    /** {@link #generate} for the embedded store: rows in its time-first key order, a recursive CTE for the numbers. */
    static void generateSqlite(String jdbc, int meters, int days) throws Exception {
        Instant last = FIRST.plus(Duration.ofDays(days - 1));
        String register = "(1000 + (i - 1) %% 997 + %s * (5 + (i - 1) %% 11)) * 1.0"; // whole kWh: write()'s floor changes nothing
        String numbers = "WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < " + meters + ")";
        try (Connection c = DriverManager.getConnection(jdbc); var st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO series (quantity, meter, id, last_time, last_value, last_unit, last_quality, last_source) "
                    + numbers + " SELECT '" + FieldCheckSettings.ENERGY + "', printf('%012d', i), i, " + last.toEpochMilli()
                    + ", " + register.formatted(days - 1) + ", 'kWh', 0, 0 FROM m");
            for (int d = 0; d < days; d++) {
                st.execute("INSERT INTO reading (time, series, value, unit, quality, source) " + numbers + " SELECT "
                        + FIRST.plus(Duration.ofDays(d)).toEpochMilli() + ", i, " + register.formatted(d) + ", 'kWh', 0, 0 FROM m");
            }
            c.commit();
        }
    }

    /** One check per meter for 90 % of them, on a day of the quarter, reading the truth. */
    static int checks(ReadingStore store, List<Meter> archive, int days) {
        SplittableRandom rnd = new SplittableRandom(2);
        List<FieldResult> batch = new ArrayList<>(10_000);
        int n = 0;
        for (int i = 0; i < archive.size(); i++) {
            if (rnd.nextInt(10) == 0) {
                continue;
            }
            double day = 2 + rnd.nextInt(days - 4) + 0.4;
            Instant at = FIRST.minusSeconds(300).plusSeconds((long) (day * 86_400));
            batch.add(new FieldResult(archive.get(i).address(), at, true, Math.floor(register(i, day) * 100) / 100, "SN" + i,
                    1.0, 1.0, "", "", "intact", null, null, null, null, null, null, null, null, null, null, "crew", "", "bench"));
            n++;
            if (batch.size() == 10_000) {
                store.fieldChecks().save(batch);
                batch.clear();
            }
        }
        store.fieldChecks().save(batch);
        return n;
    }

    /** The baseline: every reading of the quarter read once, in the order the table gives them. */
    static long[] scan(String jdbc, String kind) throws Exception {
        Instant from = Q3.start(ZoneOffset.UTC);
        Instant to = Q3.end(ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.setAutoCommit(false);
            String sql = kind.equals("postgresql")
                    ? "SELECT series, (extract(epoch FROM time) * 1000)::bigint, value FROM reading WHERE time >= ? AND time < ?"
                    : "SELECT series, time, value FROM reading WHERE time >= ? AND time < ?";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setFetchSize(10_000);
                if (kind.equals("postgresql")) {
                    p.setObject(1, java.time.OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                    p.setObject(2, java.time.OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                } else {
                    p.setLong(1, from.toEpochMilli());
                    p.setLong(2, to.toEpochMilli());
                }
                long rows = 0;
                double sum = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        sum += rs.getDouble(3) + rs.getLong(1) + rs.getLong(2) * 0;
                    }
                }
                return new long[]{rows, (long) sum};
            }
        }
    }
}
