package org.headend.storage;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Not a test: a harness (dependencies.md section 4 style) that writes the same time-ordered
 * readings through each store and, for PostgreSQL, a raw COPY of the same rows into a bare table
 * in the same run, then times lastPerMeter for all meters. Usage and figures: docs/performance.md.
 *
 * <pre>java -cp ... org.headend.storage.StoreBenchmark [meters=100000] [cycles=5] [batch=10000]</pre>
 * PostgreSQL is used when env HEADEND_TEST_JDBC_URL is set (a scratch schema, dropped after).
 */
public final class StoreBenchmark {
    static final String ENERGY = "energy.active.import.total";

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        List<Reading> rows = rows(meters, cycles);
        System.out.printf("rows %,d (%,d meters x %d poll cycles, time-major), batch %,d, java %s, %d cpus%n",
                rows.size(), meters, cycles, batch, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        System.out.printf("load average at start: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path dir = Files.createTempDirectory("headend-bench");
        try {
            if (!Boolean.parseBoolean(System.getProperty("bench.sqlite", "true"))) {
                System.out.println("SQLite skipped (-Dbench.sqlite=false)");
            } else
            for (boolean seriesIndex : new boolean[] {!Boolean.getBoolean("bench.swap"), Boolean.getBoolean("bench.swap")}) {
                Path file = dir.resolve("bench-" + seriesIndex + ".db");
                try (ReadingStore sqlite = Stores.open("embedded:" + file)) {
                    if (!seriesIndex) {
                        exec("jdbc:sqlite:" + file, "DROP INDEX reading_by_series");
                        System.out.println("variant: without index reading_by_series (between then scans the time range)");
                    }
                    run(sqlite, rows, batch, meters, null);
                }
                if (seriesIndex) { // without the index each meter's newest reading is a scan
                    firstCallReopened(() -> Stores.open("embedded:" + file), meters);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        String url = System.getenv("HEADEND_TEST_JDBC_URL");
        if (url == null) {
            System.out.println("PostgreSQL skipped: HEADEND_TEST_JDBC_URL unset");
            return;
        }
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            Clock clock = Clock.fixed(rows.get(0).time(), ZoneOffset.UTC);
            // -Dbench.v1first=true swaps the order: the first PostgreSQL run of a JVM pays warm-up
            double store = 0;
            double storeSteady = 0;
            double v1 = 0;
            boolean v1First = Boolean.getBoolean("bench.v1first");
            for (int pass = 0; pass < 2; pass++) {
                boolean asV1 = (pass == 0) == v1First;
                exec(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                exec(url, "CREATE SCHEMA " + schema);
                try (ReadingStore pg = PostgresStore.open(scoped, null, null, StoreOptions.defaults(), clock)) {
                    if (asV1) {
                        exec(scoped, "ALTER TABLE reading DROP CONSTRAINT reading_pkey");
                        exec(scoped, "ALTER TABLE reading ADD PRIMARY KEY (time, series)");
                        exec(scoped, "CREATE INDEX reading_by_series ON reading (series, time)");
                        System.out.println("variant: schema V1 keys (PRIMARY KEY (time, series) + index (series, time))");
                        v1 = run(pg, rows, batch, meters, scoped);
                    } else {
                        store = run(pg, rows, batch, meters, scoped);
                        storeSteady = STEADY[0];
                    }
                }
                firstCallReopened(() -> PostgresStore.open(scoped, null, null, StoreOptions.defaults(), clock), meters);
            }
            double raw = rawCopy(scoped, rows, batch, false);
            double keyed = rawCopy(scoped, rows, batch, true);
            double own = rawCopyIntoReading(url, schema + "_raw", rows, batch, clock);
            System.out.printf("PostgreSQL raw COPY into a bare table (no keys): %,.0f rows/s; store/raw = %.2f (V1 keys %.2f)%n",
                    raw, store / raw, v1 / raw);
            System.out.printf("PostgreSQL raw COPY into a table keyed (meter, time), no dedupe, no last reading: %,.0f rows/s;"
                    + " store/keyed = %.2f%n", keyed, store / keyed);
            System.out.printf("store after the first cycle (series known) / raw = %.2f%n", storeSteady / raw);
            System.out.printf("PostgreSQL raw COPY into the store's own reading table (same partitions and key; series made"
                    + " beforehand, no staging, no dedupe, no last reading): %,.0f rows/s; store/own = %.2f,"
                    + " after the first cycle %.2f%n", own, store / own, storeSteady / own);
        } finally {
            exec(url, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** The last run's write rate after the first poll cycle (every series already created). */
    static final double[] STEADY = new double[1];

    static List<Reading> rows(int meters, int cycles) {
        Instant t0 = Instant.parse("2026-01-31T23:00:00Z"); // crosses into February: two partitions
        List<Reading> rows = new ArrayList<>(meters * cycles);
        for (int c = 0; c < cycles; c++) {
            Instant t = t0.plusSeconds(900L * c);
            for (int m = 0; m < meters; m++) {
                rows.add(new Reading(String.format("%012d", m), t, ENERGY, 1000.0 + m * 0.01 + c * 0.25, "kWh",
                        Quality.ACTUAL, Source.SCHEDULED));
            }
        }
        return rows;
    }

    static double run(ReadingStore store, List<Reading> rows, int batch, int meters, String scoped) throws Exception {
        long start = System.nanoTime();
        long afterFirstCycle = 0;
        for (int i = 0; i < rows.size(); i += batch) {
            store.write(rows.subList(i, Math.min(rows.size(), i + batch)));
            if (afterFirstCycle == 0 && i + batch >= meters) {
                afterFirstCycle = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        double rate = rows.size() / seconds;
        double steady = (rows.size() - meters) / ((end - afterFirstCycle) / 1e9);
        System.out.printf("%s%n  write: %,.0f rows/s (%.1f s); after the first cycle (series known): %,.0f rows/s%n",
                store.describe(), rate, seconds, steady);
        STEADY[0] = steady;
        long[] ms = new long[7];
        long[] cpu = new long[ms.length];
        int n = 0;
        long firstStart = System.nanoTime();
        store.lastPerMeter(ENERGY); // first call: the embedded store loads its kept copy here
        long firstMs = (System.nanoTime() - firstStart) / 1_000_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < ms.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            n = store.lastPerMeter(ENERGY).size();
            ms[i] = (System.nanoTime() - s) / 1_000_000;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1_000_000;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        long s = System.nanoTime();
        int one = store.between("000000000042", ENERGY, rows.get(0).time(), rows.get(rows.size() - 1).time().plusSeconds(1)).size();
        double betweenMs = (System.nanoTime() - s) / 1e6;
        System.out.printf("  lastPerMeter(%s): %,d readings, first call %d ms, then wall median %d ms (min %d, max %d of %d),"
                        + " this thread's CPU median %d ms (min %d)%n",
                ENERGY, n, firstMs, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length, cpu[cpu.length / 2], cpu[0]);
        System.out.printf("  between(one meter, whole span): %d readings, %.1f ms%n", one, betweenMs);
        if (n != meters) {
            throw new IllegalStateException("lastPerMeter gave " + n + " readings, expected " + meters);
        }
        // one more poll cycle moves every meter's last reading: the worst case for a kept copy. On
        // PostgreSQL the baseline is what every call cost before the copy: all rows sent, after a
        // cycle of its own (the first scan after 100,000 updates also sets their hint bits).
        if (scoped != null) {
            writeCycle(store, rows, meters, batch, 1);
            long t = System.nanoTime();
            int all = allSeriesRows(scoped);
            System.out.printf("  baseline after one more cycle: all %,d series rows sent, sorted: %d ms%n", all,
                    (System.nanoTime() - t) / 1_000_000);
        }
        Instant next = writeCycle(store, rows, meters, batch, 2);
        long afterCycle = System.nanoTime();
        List<Reading> moved = store.lastPerMeter(ENERGY);
        System.out.printf("  lastPerMeter after one more cycle of all %,d meters: %d ms%n", meters,
                (System.nanoTime() - afterCycle) / 1_000_000);
        if (moved.size() != meters || !moved.get(meters - 1).time().equals(next)) {
            throw new IllegalStateException("lastPerMeter after a cycle did not give the cycle's readings");
        }
        return rate;
    }

    /**
     * The first lastPerMeter of a store opened again on the same data, in this JVM: what a store
     * costs before its copy is loaded, without the JIT warm-up that a new process adds to it.
     */
    static void firstCallReopened(java.util.function.Supplier<ReadingStore> open, int meters) {
        long t = System.nanoTime();
        try (ReadingStore again = open.get()) {
            long opened = System.nanoTime();
            int n = again.lastPerMeter(ENERGY).size();
            long first = System.nanoTime();
            int m = again.lastPerMeter(ENERGY).size();
            System.out.printf("  opened again (%d ms): lastPerMeter first call %d ms, second %d ms%n", (opened - t) / 1_000_000,
                    (first - opened) / 1_000_000, (System.nanoTime() - first) / 1_000_000);
            if (n != meters || m != meters) {
                throw new IllegalStateException("lastPerMeter of the store opened again gave " + n + ", " + m);
            }
        }
    }

    /** Writes the {@code k}-th poll cycle after the rows' last one; returns its time. */
    static Instant writeCycle(ReadingStore store, List<Reading> rows, int meters, int batch, int k) {
        Instant at = rows.get(rows.size() - 1).time().plus(Duration.ofMinutes(15L * k));
        List<Reading> cycle = new ArrayList<>(meters);
        for (Reading r : rows.subList(rows.size() - meters, rows.size())) {
            cycle.add(new Reading(r.meter(), at, r.quantity(), r.value() + k, r.unit(), r.quality(), r.source()));
        }
        for (int from = 0; from < cycle.size(); from += batch) {
            store.write(cycle.subList(from, Math.min(cycle.size(), from + batch)));
        }
        return at;
    }

    /** Every series row with a last reading, fetched in binary and sorted as lastPerMeter did before its copy. */
    static int allSeriesRows(String url) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(url);
             java.sql.PreparedStatement p = c.prepareStatement("SELECT meter, (extract(epoch FROM last_time) * 1000)::bigint,"
                     + " last_value, last_unit, last_quality, last_source FROM series WHERE quantity = ? AND last_time IS NOT NULL")) {
            p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
            p.setString(1, ENERGY);
            List<Reading> all = Reading.rows(p, ENERGY);
            all.sort(java.util.Comparator.comparing(Reading::meter));
            return all.size();
        }
    }

    /** Rows per second of a plain COPY of the rows; {@code keyed}: into a table with the store's key. */
    static double rawCopy(String url, List<Reading> rows, int batch, boolean keyed) throws Exception {
        String table = keyed ? "keyed" : "bare";
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (time TIMESTAMPTZ, meter TEXT, quantity TEXT, value DOUBLE PRECISION, "
                        + "unit TEXT, quality SMALLINT, source SMALLINT" + (keyed ? ", PRIMARY KEY (meter, time)" : "") + ")");
            }
            return timedCopy(c, "COPY " + table + " FROM STDIN", rows, batch, (sb, r) -> sb.append(r.time()).append('\t')
                    .append(r.meter()).append('\t').append(r.quantity()).append('\t').append(r.value()).append('\t')
                    .append(r.unit()).append('\t').append(r.quality().code()).append('\t').append(r.source().code()));
        }
    }

    /**
     * Rows per second of a plain COPY of the rows straight into {@code reading} of a fresh store
     * schema (made by the store, so the same monthly partitions and primary key), with the series
     * rows made beforehand and not timed: what PostgreSQL itself costs for these rows in this table.
     */
    static double rawCopyIntoReading(String url, String schema, List<Reading> rows, int batch, Clock clock) throws Exception {
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        exec(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        exec(url, "CREATE SCHEMA " + schema);
        try {
            PostgresStore.open(scoped, null, null, StoreOptions.defaults(), clock).close();
            java.util.Map<String, Long> ids = new java.util.HashMap<>();
            try (Connection c = DriverManager.getConnection(scoped); Statement s = c.createStatement()) {
                try (var p = c.prepareStatement("INSERT INTO series (quantity, meter) SELECT * FROM unnest(?::text[], ?::text[])"
                        + " ON CONFLICT DO NOTHING")) {
                    List<String> meters = rows.stream().map(Reading::meter).distinct().toList();
                    p.setArray(1, c.createArrayOf("text", meters.stream().map(m -> ENERGY).toArray()));
                    p.setArray(2, c.createArrayOf("text", meters.toArray()));
                    p.execute();
                }
                try (var rs = s.executeQuery("SELECT meter, id FROM series")) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (Connection c = DriverManager.getConnection(scoped)) {
                return timedCopy(c, "COPY reading (time, value, series, quality, source, unit) FROM STDIN", rows, batch,
                        (sb, r) -> sb.append(r.time()).append('\t').append(r.value()).append('\t').append(ids.get(r.meter()))
                                .append('\t').append(r.quality().code()).append('\t').append(r.source().code())
                                .append('\t').append(r.unit()));
            }
        } finally {
            exec(url, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Rows per second of COPYing {@code rows} with {@code copy}, {@code batch} rows per COPY and commit. */
    static double timedCopy(Connection c, String copy, List<Reading> rows, int batch,
                            java.util.function.BiConsumer<StringBuilder, Reading> line) throws Exception {
        c.setAutoCommit(false);
        long start = System.nanoTime();
        for (int i = 0; i < rows.size(); i += batch) {
            StringBuilder sb = new StringBuilder();
            for (Reading r : rows.subList(i, Math.min(rows.size(), i + batch))) {
                line.accept(sb, r);
                sb.append('\n');
            }
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy,
                    new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
            c.commit();
        }
        return rows.size() / ((System.nanoTime() - start) / 1e9);
    }

    static void exec(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
