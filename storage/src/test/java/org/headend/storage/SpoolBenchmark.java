package org.headend.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the durable spool costs while the database is up (issue 4: at most 10 %). Not a test: a
 * {@code main} run by hand (docs/performance.md, "Spool"). The same readings go through a
 * {@link ReadingWriter} with its default settings into a fresh store, once with a spool and once
 * without, alternated in one process so that the machine's load hits both alike; the time is from
 * the first {@code accept} to {@code close()} returning (everything stored). Each run also prints
 * the CPU time the whole process used meanwhile (every thread, JIT and GC included): on a machine
 * shared with other work the wall-clock time of single runs moves by 2x, the CPU time much less.
 *
 * <p>Arguments: meters, poll cycles, pairs of runs. Stores: SQLite in a temporary directory, and
 * PostgreSQL in a scratch schema when {@code HEADEND_TEST_JDBC_URL} is set.
 */
public final class SpoolBenchmark {
    private SpoolBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Reading> rows = StoreBenchmark.rows(meters, cycles);
        System.out.printf("rows %,d (%,d meters x %d cycles), %d pairs, load average at start %.2f%n", rows.size(), meters,
                cycles, pairs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path tmp = Files.createTempDirectory("spool-bench");
        try {
            compareBoth(rows, pairs, tmp);
        } finally { // each run leaves a store file and a spool: gigabytes over a series of runs
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void compareBoth(List<Reading> rows, int pairs, Path tmp) throws Exception {
        compare("SQLite", rows, pairs, tmp, () -> Stores.open("embedded:" + tmp.resolve(UUID.randomUUID() + ".db")));
        String url = System.getenv("HEADEND_TEST_JDBC_URL");
        if (url != null) {
            List<String> schemas = new ArrayList<>();
            try {
                compare("PostgreSQL", rows, pairs, tmp, () -> {
                    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    schemas.add(schema);
                    try {
                        StoreBenchmark.exec(url, "CREATE SCHEMA " + schema);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return PostgresStore.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null,
                            StoreOptions.defaults(), Clock.fixed(rows.get(0).time(), ZoneOffset.UTC));
                });
            } finally {
                for (String s : schemas) {
                    StoreBenchmark.exec(url, "DROP SCHEMA " + s + " CASCADE");
                }
            }
        } else {
            System.out.println("PostgreSQL skipped: HEADEND_TEST_JDBC_URL unset");
        }
    }

    private static void compare(String name, List<Reading> rows, int pairs, Path tmp, Supplier<ReadingStore> fresh)
            throws Exception {
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        List<Double> cpuWith = new ArrayList<>();
        List<Double> cpuWithout = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            boolean spoolFirst = i % 2 == 1; // alternate the order: a JVM's later runs are warmer
            for (int k = 0; k < 2; k++) {
                boolean spool = (k == 0) == spoolFirst;
                double cpu0 = cpuSeconds();
                double s = run(rows, fresh.get(), spool ? tmp.resolve("spool-" + UUID.randomUUID()) : null);
                double cpu = cpuSeconds() - cpu0;
                (spool ? with : without).add(s);
                (spool ? cpuWith : cpuWithout).add(cpu);
                System.out.printf("  %s %s spool: %.2f s (%,.0f readings/s), process CPU %.2f s%n", name,
                        spool ? "with" : "without", s, rows.size() / s, cpu);
            }
        }
        double w = median(with);
        double wo = median(without);
        System.out.printf("%s: median with spool %.2f s, without %.2f s: the spool adds %.0f %%%n", name, w, wo,
                (w / wo - 1) * 100);
        System.out.printf("%s: median process CPU with spool %.2f s, without %.2f s: the spool adds %.0f %%%n", name,
                median(cpuWith), median(cpuWithout), (median(cpuWith) / median(cpuWithout) - 1) * 100);
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double run(List<Reading> rows, ReadingStore store, Path spool) throws InterruptedException {
        WriterSettings settings = spool == null ? WriterSettings.defaults()
                : WriterSettings.defaults().withSpool(spool, WriterSettings.defaults().spoolMaxBytes());
        try (store) {
            long start = System.nanoTime();
            ReadingWriter writer = ReadingWriter.start(store, settings);
            for (int i = 0; i < rows.size(); i += 1000) {
                writer.acceptAll(rows.subList(i, Math.min(rows.size(), i + 1000)));
            }
            writer.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (store.count() != rows.size()) {
                throw new IllegalStateException("stored " + store.count() + " of " + rows.size());
            }
            return seconds;
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
    }
}
