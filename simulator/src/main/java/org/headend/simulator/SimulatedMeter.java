package org.headend.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.headend.protocol.dlt645.Dlt645Address;

/**
 * One simulated DL/T 645-2007 meter: an address, a customer, its transformers and registers that
 * advance with a seeded load curve as the injected clock moves (readings are a function of the
 * instant, so a test can jump time). Thread-safe: read by its gateway's event loop, inspected and
 * switched by tests and the CLI.
 *
 * <p>Energy values are on the meter's secondary side, as a real meter behind CTs and VTs counts;
 * the billed (primary) energy is {@code register × ctRatio × vtRatio} (domain.md, multiplier).
 */
public final class SimulatedMeter {

    /** Marks an element the meter reports as FF bytes (not measured, e.g. phase B of a single-phase meter). */
    public static final long NOT_AVAILABLE = Long.MIN_VALUE;

    private final Dlt645Address address;
    private final long addressDigits;
    private final CustomerClass customerClass;
    private final String area;
    private final int ctRatio;
    private final int vtRatio;
    private final Wiring wiring;
    private final String bus;
    private final long seed;
    private final long gridSeed;
    private final double powerFactor;
    private volatile Duration clockOffset;
    private final Consumption consumption;
    private final FaultSwitch<MeterFault> faults = new FaultSwitch<>(MeterFault.class);
    private final Map<Long, ServedValue> lastServed = new ConcurrentHashMap<>();
    /** Highest registers seen, so the registers never go back even if the clock does. */
    private final long[] highWater = new long[LoadCurve.TARIFFS];

    SimulatedMeter(Dlt645Address address, CustomerClass customerClass, String area, int ctRatio, int vtRatio, Wiring wiring,
                   String bus, long seed, long gridSeed, double powerFactor, Duration clockOffset, Consumption consumption) {
        this.address = Objects.requireNonNull(address, "address");
        this.addressDigits = Long.parseLong(address.toString());
        this.customerClass = customerClass;
        this.area = area;
        this.ctRatio = ctRatio;
        this.vtRatio = vtRatio;
        this.wiring = wiring;
        this.bus = bus;
        this.seed = seed;
        this.gridSeed = gridSeed;
        this.powerFactor = powerFactor;
        this.clockOffset = clockOffset;
        this.consumption = consumption;
    }

    public Dlt645Address address() {
        return address;
    }

    public CustomerClass customerClass() {
        return customerClass;
    }

    public String area() {
        return area;
    }

    /** Current transformer ratio, e.g. 30 for 150/5; 1 for a direct connection. */
    public int ctRatio() {
        return ctRatio;
    }

    /** Voltage transformer ratio, e.g. 100 for 10000/100; 1 without VT. */
    public int vtRatio() {
        return vtRatio;
    }

    /** The billing multiplier CT × VT. */
    public long multiplier() {
        return (long) ctRatio * vtRatio;
    }

    public Wiring wiring() {
        return wiring;
    }

    /** Name of the gateway (bus) the meter hangs on, e.g. {@code gw-01}. */
    public String bus() {
        return bus;
    }

    /** How far the meter's clock is off (positive: ahead); seeded within ±30 s. */
    public Duration clockOffset() {
        return clockOffset;
    }

    /** Moves the meter's clock by {@code d}: a drifting meter clock (issue 5), or one set right with {@code -clockOffset()}. */
    public void shiftClock(Duration d) {
        clockOffset = clockOffset.plus(d);
    }

    /** The meter's own clock at simulator instant {@code at}: the meter's clock runs off by a seeded offset. */
    public Instant clock(Instant at) {
        return at.plus(clockOffset);
    }

    /**
     * Forward active energy at {@code at}: total, T1, T2, T3, T4 in 0.01 kWh (secondary side).
     * The total is the sum of the tariffs. No value is ever below one returned before: asking for
     * an instant earlier than one already asked for gives the later registers, as a real meter's
     * would not run back when a clock does.
     */
    public long[] forwardActive(Instant at) {
        long[] t = consumption.tariffRegisters(LoadCurve.sinceOrigin(at));
        long[] out = new long[1 + LoadCurve.TARIFFS];
        synchronized (highWater) {
            for (int k = 0; k < LoadCurve.TARIFFS; k++) {
                highWater[k] = Math.max(highWater[k], t[k]);
                out[1 + k] = highWater[k];
                out[0] += highWater[k];
            }
        }
        out[0] %= Consumption.ROLLOVER;
        return out;
    }

    /** Secondary-side active power at {@code at}, in W: the rate the registers advance at. */
    public int activePowerWatts(Instant at) {
        return consumption.watts(LoadCurve.sinceOrigin(at));
    }

    /**
     * The unscaled values the meter answers for DI {@code di} at {@code at}, in the element order
     * of the catalogue item, or empty when the meter has no such data (answered with D1, ERR bit 1).
     */
    public Optional<long[]> read(long di, Instant at) {
        int low = (int) (di & 0xFF);
        int phase = (int) ((di >>> 8) & 0xFF);
        if (di == 0x00010000L) {
            return Optional.of(new long[] {forwardActive(at)[0]});
        }
        if (di == 0x0001FF00L) {
            return Optional.of(forwardActive(at));
        }
        if ((di & 0xFFFF00FFL) == 0x00010000L && phase >= 1 && phase <= LoadCurve.TARIFFS) {
            return Optional.of(new long[] {forwardActive(at)[phase]});
        }
        int family = (int) (di >>> 16);
        if ((family == 0x0201 || family == 0x0202) && low == 0) {
            long[] all = family == 0x0201 ? instantaneous(at).voltage() : instantaneous(at).current();
            if (phase == 0xFF) {
                return Optional.of(all.clone());
            }
            return phase >= 1 && phase <= 3 ? Optional.of(new long[] {all[phase - 1]}) : Optional.empty();
        }
        if (family == 0x0203 && low == 0 && phase >= 1 && phase <= 3) {
            return Optional.of(new long[] {instantaneous(at).phasePower()[phase - 1]});
        }
        return Optional.ofNullable(switch ((int) di) {
            case 0x02030000 -> new long[] {instantaneous(at).power()};
            case 0x02060000 -> new long[] {instantaneous(at).powerFactor()};
            case 0x02800002 -> new long[] {instantaneous(at).frequency()};
            case 0x04000101 -> new long[] {date(at)};
            case 0x04000102 -> new long[] {time(at)};
            case 0x04000401 -> new long[] {addressDigits};
            default -> null;
        });
    }

    /**
     * What the meter measures at {@code at}, by the quantity names and units the head-end stores
     * (secondary side, as the DL/T 645 replies carry them): forward active energy total (kWh), per-phase
     * voltage (V) and current (A), total and per-phase active power (kW), power factor, frequency (Hz).
     * Phases the wiring does not measure are absent. A Modbus slave serves these through a register map.
     */
    public Map<String, Double> measurements(Instant at) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("energy.active.import.total", forwardActive(at)[0] / 100.0);
        Instantaneous now = instantaneous(at);
        String[] phases = {"a", "b", "c"};
        for (int p = 0; p < 3; p++) {
            putAvailable(m, "voltage." + phases[p], now.voltage()[p], 10.0);
            putAvailable(m, "current." + phases[p], now.current()[p], 1000.0);
            putAvailable(m, "power.active." + phases[p], now.phasePower()[p], 10_000.0);
        }
        m.put("power.active.total", now.power() / 10_000.0);
        m.put("power_factor.total", now.powerFactor() / 1000.0);
        m.put("frequency", now.frequency() / 100.0);
        return m;
    }

    private static void putAvailable(Map<String, Double> m, String quantity, long unscaled, double divisor) {
        if (unscaled != NOT_AVAILABLE) {
            m.put(quantity, unscaled / divisor);
        }
    }

    /** The values of the last clean reply this meter sent for {@code di}, for end-to-end checks. */
    public Optional<ServedValue> lastServed(long di) {
        return Optional.ofNullable(lastServed.get(di));
    }

    /** Switches {@code fault} on for every reply. */
    public void fault(MeterFault fault) {
        faults.set(fault, 1.0);
    }

    /** Switches {@code fault} on for a seeded share of replies (0 switches it off). */
    public void fault(MeterFault fault, double probability) {
        faults.set(fault, probability);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Faults switched on, with their probability. */
    public Map<MeterFault, Double> faults() {
        return faults.active();
    }

    FaultSwitch<MeterFault> faultSwitch() {
        return faults;
    }

    void served(long di, Instant at, long[] values) {
        lastServed.put(di, new ServedValue(di, at, Arrays.stream(values).boxed().toList()));
    }

    Instantaneous instantaneous(Instant at) {
        return Instantaneous.of(wiring, activePowerWatts(at), powerFactor, seed, gridSeed,
                Math.floorDiv(at.toEpochMilli(), 60_000L));
    }

    /** YYMMDDWW as a decimal number, WW 0 = Sunday (protocols.md §1.6, 04000101). */
    private long date(Instant at) {
        LocalDateTime t = LocalDateTime.ofInstant(clock(at), LoadCurve.ZONE);
        return (t.getYear() % 100) * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L
                + t.getDayOfWeek().getValue() % 7;
    }

    /** hhmmss as a decimal number (04000102). */
    private long time(Instant at) {
        LocalDateTime t = LocalDateTime.ofInstant(clock(at), LoadCurve.ZONE);
        return t.getHour() * 10_000L + t.getMinute() * 100L + t.getSecond();
    }

    @Override
    public String toString() {
        return "SimulatedMeter[" + address + ", " + customerClass.code() + ", " + area + ", CT " + ctRatio + ", VT " + vtRatio
                + ", " + bus + "]";
    }
}
