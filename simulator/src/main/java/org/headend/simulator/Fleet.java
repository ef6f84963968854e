package org.headend.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.headend.protocol.dlt645.Dlt645Address;

/**
 * Makes the meters of a run from its seed: same config, same meters, in the same order.
 * Everything is drawn from one {@link java.util.Random}, whose algorithm the JDK specifies, so the
 * fleet is the same on every JVM.
 *
 * <p>Mix: 80 % residential (single phase, direct), 15 % commercial (three-phase four-wire behind
 * CTs), 5 % industrial (10 kV, three-wire, CT and VT 10000/100). CTs are sized like an installer
 * would: the smallest standard primary that keeps the peak current at or below 80 % of it, which also keeps the
 * secondary power within the meter's XX.XXXX kW range.
 */
final class Fleet {

    static final List<String> AREAS = List.of("north", "south", "east", "west", "central");
    private static final int[] CT_PRIMARY_AMPS = {50, 75, 100, 150, 200, 300, 400, 600, 800, 1000, 1500, 2000, 3000};
    private static final int VT_10KV = 100;
    /** Per-hour spread of each meter's load around its class shape. */
    private static final double HOURLY_SPREAD = 0.15;

    private Fleet() {
    }

    /** The meters of each gateway, gateway 0 first; meters are split in contiguous blocks. */
    static List<List<SimulatedMeter>> generate(SimulatorConfig config) {
        Random r = new Random(config.seed());
        long gridSeed = Noise.mix(config.seed(), 50, 60);
        Set<Long> used = new HashSet<>();
        List<List<SimulatedMeter>> buses = new ArrayList<>();
        for (int g = 0; g < config.gateways(); g++) {
            buses.add(new ArrayList<>());
        }
        for (int i = 0; i < config.meters(); i++) {
            int g = (int) ((long) i * config.gateways() / config.meters());
            buses.get(g).add(meter(r, used, gatewayName(g), gridSeed));
        }
        return buses;
    }

    /**
     * Meters for {@code groups} concentrators of {@code perGroup} meters each, from the same meter
     * model as the gateways' (a seed stream of their own, so adding concentrators changes no gateway meter).
     */
    static List<List<SimulatedMeter>> groups(long seed, int groups, int perGroup, java.util.function.IntFunction<String> name) {
        Random r = new Random(Noise.mix(seed, 376, 1));
        long gridSeed = Noise.mix(seed, 50, 60);
        Set<Long> used = new HashSet<>();
        List<List<SimulatedMeter>> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            List<SimulatedMeter> ms = new ArrayList<>(perGroup);
            for (int i = 0; i < perGroup; i++) {
                ms.add(meter(r, used, name.apply(g), gridSeed));
            }
            out.add(ms);
        }
        return out;
    }

    static String gatewayName(int index) {
        return String.format("gw-%02d", index + 1);
    }

    private static SimulatedMeter meter(Random r, Set<Long> used, String bus, long gridSeed) {
        double pick = r.nextDouble();
        CustomerClass cls = pick < 0.80 ? CustomerClass.RESIDENTIAL : pick < 0.95 ? CustomerClass.COMMERCIAL : CustomerClass.INDUSTRIAL;
        String area = AREAS.get(r.nextInt(AREAS.size()));
        Dlt645Address address = uniqueAddress(r, used);
        long seed = r.nextLong();
        double average;
        double pf;
        switch (cls) {
            case RESIDENTIAL -> {
                average = 150 + r.nextDouble() * 750;
                pf = 0.93 + r.nextDouble() * 0.06;
            }
            case COMMERCIAL -> {
                average = 5_000 + r.nextDouble() * 55_000;
                pf = 0.86 + r.nextDouble() * 0.09;
            }
            default -> {
                average = 100_000 + r.nextDouble() * 1_400_000;
                pf = 0.83 + r.nextDouble() * 0.11;
            }
        }
        double peak = average * LoadCurve.peakShape(cls) / 100.0 * (1 + HOURLY_SPREAD);
        Wiring wiring;
        int ct;
        int vt;
        switch (cls) {
            case RESIDENTIAL -> {
                wiring = Wiring.SINGLE_PHASE;
                ct = 1;
                vt = 1;
            }
            case COMMERCIAL -> {
                wiring = Wiring.THREE_PHASE_FOUR_WIRE;
                ct = ctRatio(peak / (3 * 220 * 0.98 * pf));
                vt = 1;
            }
            default -> {
                wiring = Wiring.THREE_PHASE_THREE_WIRE;
                ct = ctRatio(peak / (Math.sqrt(3) * 10_000 * 0.99 * pf));
                vt = VT_10KV;
            }
        }
        int[] watts = new int[LoadCurve.HOURS_PER_WEEK];
        for (int h = 0; h < watts.length; h++) {
            double w = average * LoadCurve.shape(cls, h) / 100.0 * (1 + HOURLY_SPREAD * Noise.symmetric(seed, h, 1));
            watts[h] = (int) Math.min(9999, Math.round(w / ((double) ct * vt)));
        }
        long start = (long) (r.nextDouble() * 2_000_000); // up to 20000 kWh already on the register
        long[] initial = {start / 10, start * 3 / 10, start * 3 / 10, 0};
        initial[3] = start - initial[0] - initial[1] - initial[2];
        Duration clockOffset = Duration.ofSeconds(r.nextInt(61) - 30);
        return new SimulatedMeter(address, cls, area, ct, vt, wiring, bus, seed, gridSeed, pf, clockOffset,
                new Consumption(watts, initial));
    }

    /** The smallest standard CT (primary/5 A) whose primary is at least 1.25 × the peak current. */
    private static int ctRatio(double peakAmps) {
        for (int primary : CT_PRIMARY_AMPS) {
            if (primary >= 1.25 * peakAmps) {
                return primary / 5;
            }
        }
        return CT_PRIMARY_AMPS[CT_PRIMARY_AMPS.length - 1] / 5;
    }

    private static Dlt645Address uniqueAddress(Random r, Set<Long> used) {
        while (true) {
            long a = 100_000_000_000L + (long) (r.nextDouble() * 899_999_999_999L);
            if (a != 999_999_999_999L && used.add(a)) {
                return Dlt645Address.parse(Long.toString(a));
            }
        }
    }
}
