package org.headend.app.bench;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.Placement;
import org.headend.collector.concentrator.ConcentratorFront;
import org.headend.collector.concentrator.RoundResult;
import org.headend.collector.config.ConcentratorSettings;
import org.headend.collector.metrics.ConcentratorMetrics;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.simulator.ConcentratorFleet;
import org.headend.simulator.ConcentratorFleetConfig;

/**
 * Concentrator sessions at scale (issue 5): how many idle sessions with heartbeats one collector
 * holds, the heap each costs, a login storm of all of them, and one read round of every meter
 * through AFN 0C F129. Not a test: run it with bench/concentrators.sh, which starts the two roles
 * in two JVMs so the collector's heap is its own.
 *
 * <p>{@code server N PORT [HEARTBEAT]}: the front end with N terminals x 32 meters in its archive;
 * readings are counted, not stored (the store is measured elsewhere).
 * {@code clients N PORT [HEARTBEAT] [SOURCE...]}: N simulated concentrators sharing one set of 32
 * meter models, dialling from the given local addresses in turn.
 */
public final class ConcentratorScaleBenchmark {

    static final int METERS = 32;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        Duration heartbeat = args.length > 3 ? Duration.ofSeconds(Long.parseLong(args[3])) : Duration.ofSeconds(60);
        if (args[0].equals("clients")) {
            clients(n, port, heartbeat, args.length > 4 ? Arrays.asList(args).subList(4, args.length) : List.of());
        } else {
            server(n, port, heartbeat);
        }
    }

    private static void clients(int n, int port, Duration heartbeat, List<String> sources) throws Exception {
        ConcentratorFleetConfig c = ConcentratorFleetConfig.defaults().withSize(n, METERS).withMaster("127.0.0.1", port)
                .withTiming(heartbeat, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5))
                .withSourceAddresses(sources);
        ConcentratorFleet fleet = ConcentratorFleet.createShared(c, Clock.systemUTC());
        fleet.dialIn();
        System.out.printf("clients: %d concentrators dialling 127.0.0.1:%d from %s%n", n, port, sources);
        Thread.currentThread().join(); // until killed
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var m = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return m.getUsed();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void server(int n, int port, Duration heartbeat) throws Exception {
        List<Meter> meters = new ArrayList<>(n * METERS);
        List<Placement> placements = new ArrayList<>(n * METERS);
        for (int t = 1; t <= n; t++) {
            for (int p = 1; p <= METERS; p++) {
                Meter m = new Meter(Long.toString(t * 1000L + p), MeterProtocol.DLT645_2007, "ct", BigDecimal.ONE, BigDecimal.ONE,
                        "residential", "");
                meters.add(m);
                placements.add(new Placement(m.address(), 0x1000, t, p));
            }
        }
        AtomicLong readings = new AtomicLong();
        ConcentratorSettings s = ConcentratorSettings.DEFAULTS.withPort("0.0.0.0", port)
                .withSessions(heartbeat, 3, Duration.ofSeconds(60), 0).withLoginsPerMinute(100_000);
        ConcentratorFront front = ConcentratorFront.start(s, meters, placements, Map.of(Dlt645Edition.V2007, List.of(0x00010000L),
                Dlt645Edition.V1997, List.of(0x9010L)), r -> readings.addAndGet(r.size()), null, ConcentratorMetrics.NONE,
                Clock.systemUTC());
        meters = null;
        placements = null;
        long before = usedHeap();
        System.out.printf(Locale.ROOT, "server: %d terminals x %d meters in the archive, listening on %d; heap %.1f MiB before sessions%n",
                n, METERS, front.port(), before / 1048576.0);
        long t0 = System.nanoTime();
        while (front.online() < n) {
            TimeUnit.MILLISECONDS.sleep(200);
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
                break;
            }
        }
        double loginSecs = (System.nanoTime() - t0) / 1e9;
        int online = front.online();
        long after = usedHeap();
        System.out.printf(Locale.ROOT, "sessions online: %d after %.1f s (first logins); heap %.1f MiB, %.0f bytes per session%n",
                online, loginSecs, after / 1048576.0, (after - before) / (double) Math.max(1, online));

        // idle with heartbeats for two periods
        long cpu0 = cpuNanos();
        long w0 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(heartbeat.toMillis() * 2);
        System.out.printf(Locale.ROOT, "idle with heartbeats every %d s: %.1f %% of one core, %d online%n", heartbeat.toSeconds(),
                100.0 * (cpuNanos() - cpu0) / (System.nanoTime() - w0), front.online());

        for (int round = 1; round <= 2; round++) {
            readings.set(0);
            long r0 = System.nanoTime();
            long c0 = cpuNanos();
            RoundResult r = front.readRound().get(10, TimeUnit.MINUTES);
            double secs = (System.nanoTime() - r0) / 1e9;
            System.out.printf(Locale.ROOT, "read round %d (0C F129 + clock): %d sessions, %d readings, %d failures in %.1f s "
                            + "(%.0f meters/s), CPU %.1f s%n", round, r.sessions(), readings.get(), r.failures(), secs,
                    r.sessions() * METERS / secs, (cpuNanos() - c0) / 1e9);
        }

        long loginsBefore = front.logins();
        long s0 = System.nanoTime();
        front.dropAllSessions();
        while (front.logins() - loginsBefore < online && System.nanoTime() - s0 < TimeUnit.MINUTES.toNanos(10)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        System.out.printf(Locale.ROOT, "login storm: all %d sessions dropped at once; %d logins back in %.1f s, %d online%n",
                online, front.logins() - loginsBefore, (System.nanoTime() - s0) / 1e9, front.online());
        front.close();
        System.exit(0);
    }
}
