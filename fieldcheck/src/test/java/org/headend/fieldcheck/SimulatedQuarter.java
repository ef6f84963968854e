package org.headend.fieldcheck;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterProtocol;
import org.headend.collector.archive.MeterSite;
import org.headend.collector.archive.ReadingMethod;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingStore;
import org.headend.storage.Source;

/**
 * A quarter of a utility in virtual time, with ground truth: meters with believable consumption
 * (a daily curve, day-to-day swings, per-class levels), daily remote readings as the collector would
 * store them (register cut to 0.01 kWh, times a few minutes past midnight, x the archive's
 * multiplier), injected faults, and the crews' result sheets written from the truth with the noise
 * of real field work (times to the minute, display cut to 0.01 kWh, serials in either case, clock
 * read to the second, clamp +-3 %, stopwatch +-0.1 s, power meter +-0.3 %).
 */
final class SimulatedQuarter {
    static final Instant READ_FROM = Instant.parse("2026-04-28T00:00:00Z");
    static final int DAYS = 158; // to 2026-10-03
    static final String ORPHAN = "990000000001";
    static final double OFFSET_KWH = 50;
    static final double FAST = 0.04;
    static final long DRIFT_S = 1200;
    private static final double[] HOURLY = {0.4, 0.35, 0.3, 0.3, 0.35, 0.5, 0.8, 1.1, 1.3, 1.4, 1.4, 1.4,
            1.3, 1.3, 1.3, 1.3, 1.4, 1.6, 1.8, 1.7, 1.4, 1.0, 0.7, 0.5};
    private static final double[] CUMULATIVE = cumulative();
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What is wrong with a meter, in truth. */
    enum Fault {
        NONE, WRONG_CT, REPLACED, SEAL, FAST, CLOCK, TURNS, REMOTE_OFFSET, MISSING;

        /** What the comparison must find for it. */
        Set<Category> expected() {
            return switch (this) {
                case NONE -> EnumSet.noneOf(Category.class);
                case WRONG_CT -> EnumSet.of(Category.CT_RATIO_DIFFERS);
                case REPLACED -> EnumSet.of(Category.SERIAL_DIFFERS);
                case SEAL -> EnumSet.of(Category.SEAL_BROKEN);
                case FAST -> EnumSet.of(Category.WATT_SECOND_ERROR);
                case CLOCK -> EnumSet.of(Category.CLOCK_DRIFT);
                case TURNS -> EnumSet.of(Category.CLAMP_INCONSISTENT);
                case REMOTE_OFFSET -> EnumSet.of(Category.REMOTE_HIGH);
                case MISSING -> EnumSet.of(Category.RECORD_WITHOUT_METER);
            };
        }
    }

    /** One meter's truth. */
    record Truth(Meter archived, String kind, double installedCt, double actualCt, double vt, double startKwh,
                 double[] dayKwh, double[] cumulativeKwh, boolean zero, Fault fault, double error, double powerKw) {
        boolean remote() {
            return archived.site().readingMethod().isRemote();
        }

        double multiplier() {
            return archived.multiplier().doubleValue();
        }

        /** The register (secondary kWh) as the meter shows it at {@code t}. */
        double register(Instant t) {
            double days = Duration.between(READ_FROM, t).toMillis() / 86_400_000.0;
            int d = (int) Math.floor(days);
            double frac = days - d;
            int h = (int) Math.floor(frac * 24);
            double inDay = CUMULATIVE[h] + (CUMULATIVE[h + 1] - CUMULATIVE[h]) * (frac * 24 - h);
            return startKwh + (cumulativeKwh[d] + dayKwh[d] * inDay) * (1 + error);
        }
    }

    final List<Truth> meters = new ArrayList<>();
    final List<Meter> archive = new ArrayList<>();
    final Map<String, Truth> byAddress = new LinkedHashMap<>();

    SimulatedQuarter(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] areas = {"north", "south", "east", "west", "harbour", "hills"};
        double[][] centres = {{31.30, 121.45}, {31.10, 121.45}, {31.20, 121.60}, {31.20, 121.30}, {31.35, 121.60}, {31.05, 121.25}};
        for (int i = 0; i < count; i++) {
            meters.add(meter(i, rnd, areas, centres));
        }
        injectFaults(rnd);
        for (Truth t : meters) {
            archive.add(t.archived);
            byAddress.put(t.archived.address(), t);
        }
    }

    private Truth meter(int i, SplittableRandom rnd, String[] areas, double[][] centres) {
        String address = String.format("%012d", 100_000 + i);
        int a = rnd.nextInt(areas.length);
        double roll = rnd.nextDouble();
        String kind = roll < 0.7 ? "residential" : roll < 0.9 ? "commercial" : "industrial";
        boolean hv = kind.equals("industrial") && rnd.nextBoolean();
        double ct = switch (kind) {
            case "residential" -> 1;
            case "commercial" -> new double[]{15, 20, 30, 40}[rnd.nextInt(4)];
            default -> new double[]{50, 100}[rnd.nextInt(2)];
        };
        double vt = hv ? 100 : 1;
        ReadingMethod method = rnd.nextDouble() < 0.05 ? ReadingMethod.MANUAL
                : rnd.nextDouble() < 0.3 ? ReadingMethod.CONCENTRATOR : ReadingMethod.REMOTE;
        LocalDate since = null;
        double s = rnd.nextDouble();
        if (s < 0.06) {
            since = LocalDate.of(2026, 4, 1).plusDays(rnd.nextInt(170)); // April .. mid-September
        } else if (s < 0.5) {
            since = LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(600));
        }
        MeterSite site = new MeterSite("AC" + (500_000 + i), "Customer " + i, "SN" + (7_000_000 + i),
                ct == 1 ? "" : "CT" + (3_000_000 + i), vt == 1 ? "" : "VT" + (4_000_000 + i), "S" + (900_000 + i),
                hv ? "10kV" : "0.4kV", method, since, centres[a][0] + rnd.nextDouble(-0.05, 0.05),
                centres[a][1] + rnd.nextDouble(-0.05, 0.05), BigDecimal.valueOf(kind.equals("industrial") ? 1.0 : 2.0));
        Meter m = new Meter(address, MeterProtocol.DLT645_2007, "gw-" + a, BigDecimal.valueOf(ct), BigDecimal.valueOf(vt),
                kind, areas[a], site);
        double level = switch (kind) {
            case "residential" -> rnd.nextDouble(3, 18);
            case "commercial" -> rnd.nextDouble(10, 120);
            default -> rnd.nextDouble(5, 60);
        };
        return truth(m, kind, ct, ct, vt, rnd.nextDouble(1000, 50000), level, false, Fault.NONE,
                rnd.nextDouble(-0.003, 0.003), rnd);
    }

    private static Truth truth(Meter m, String kind, double installedCt, double actualCt, double vt, double start, double level,
                               boolean zero, Fault fault, double error, SplittableRandom rnd) {
        double[] day = new double[DAYS + 1];
        double[] cum = new double[DAYS + 2];
        double phase = rnd.nextDouble(0, 6.28);
        for (int d = 0; d <= DAYS; d++) {
            day[d] = zero ? 0 : level * (1 + 0.25 * Math.sin(d * 0.7 + phase)) * rnd.nextDouble(0.8, 1.2);
            cum[d + 1] = cum[d] + day[d];
        }
        // primary power on site during the day (kW), from the daily level x multiplier
        double power = level * actualCt * vt / 24 * 1.6 * rnd.nextDouble(0.8, 1.2);
        return new Truth(m, kind, installedCt, actualCt, vt, start, day, cum, zero, fault, error, power);
    }

    private void injectFaults(SplittableRandom rnd) {
        List<Integer> ci = new ArrayList<>();
        List<Integer> residential = new ArrayList<>();
        for (int i = 0; i < meters.size(); i++) {
            Truth t = meters.get(i);
            if (t.remote()) {
                (t.kind.equals("residential") ? residential : ci).add(i);
            }
        }
        shuffle(ci, rnd);
        shuffle(residential, rnd);
        int c = 0;
        int r = 0;
        for (int k = 0; k < 8; k++) {
            set(ci.get(c++), Fault.WRONG_CT, rnd);
            set(ci.get(c++), Fault.TURNS, rnd);
            set(ci.get(c++), Fault.FAST, rnd);
            set(residential.get(r++), Fault.REPLACED, rnd);
            set(residential.get(r++), Fault.SEAL, rnd);
            set(residential.get(r++), Fault.CLOCK, rnd);
            set(residential.get(r++), Fault.REMOTE_OFFSET, rnd);
        }
        set(residential.get(r++), Fault.MISSING, rnd);
        // zero consumption: residential, non-residential low voltage, and high voltage ones
        for (int i = 0; i < 30; i++) {
            zero(residential.get(r++), rnd);
        }
        int hv = 0;
        int lv = 0;
        for (int k = c; k < ci.size() && (hv < 5 || lv < 12); k++) {
            Truth t = meters.get(ci.get(k));
            if (t.vt > 1 && hv < 5) {
                zero(ci.get(k), rnd);
                hv++;
            } else if (t.vt == 1 && lv < 12) {
                zero(ci.get(k), rnd);
                lv++;
            }
        }
    }

    private void set(int i, Fault f, SplittableRandom rnd) {
        Truth t = meters.get(i);
        Meter m = t.archived;
        double ct = t.installedCt;
        double actual = t.actualCt;
        double error = t.error;
        Meter archived = m;
        if (f == Fault.WRONG_CT) {
            archived = withCt(m, ct / 2); // billed with half the installed ratio: factor 0.5, as in domain.md
        } else if (f == Fault.TURNS) {
            actual = ct * 2; // one primary turn through a window CT rated for two
        } else if (f == Fault.FAST) {
            error = FAST;
        }
        meters.set(i, truth(archived, t.kind, ct, actual, t.vt, t.startKwh, t.dayKwh[0] == 0 ? 5 : t.dayKwh[0], false, f,
                error, rnd));
    }

    private void zero(int i, SplittableRandom rnd) {
        Truth t = meters.get(i);
        meters.set(i, truth(t.archived, t.kind, t.installedCt, t.actualCt, t.vt, t.startKwh, 0, true, Fault.NONE, t.error, rnd));
    }

    private static Meter withCt(Meter m, double ct) {
        return new Meter(m.address(), m.protocol(), m.bus(), BigDecimal.valueOf(ct), m.vtRatio(), m.customerClass(), m.area(), m.site());
    }

    private static void shuffle(List<Integer> l, SplittableRandom rnd) {
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Integer x = l.get(i);
            l.set(i, l.get(j));
            l.set(j, x);
        }
    }

    /** Daily remote readings of every remote meter, as the collector stores them, in batches. */
    void writeReadings(ReadingStore store) {
        SplittableRandom rnd = new SplittableRandom(99);
        List<Reading> batch = new ArrayList<>(20_000);
        for (int d = 0; d <= DAYS - 1; d++) {
            for (Truth t : meters) {
                if (!t.remote()) {
                    continue;
                }
                Instant at = READ_FROM.plus(Duration.ofDays(d)).plusSeconds(60 + rnd.nextInt(600));
                double register = Math.floor(t.register(at) * 100) / 100;
                if (t.fault == Fault.REMOTE_OFFSET) {
                    register += OFFSET_KWH;
                }
                batch.add(new Reading(t.archived.address(), at, FieldCheckSettings.ENERGY, register * t.multiplier(), "kWh",
                        Quality.ACTUAL, Source.SCHEDULED));
                if (batch.size() == 20_000) {
                    store.write(batch);
                    batch.clear();
                }
            }
        }
        store.write(batch);
    }

    /** A crew's sheet for these meters, each checked once between {@code from} and {@code to} (daytime). */
    String sheet(List<Truth> checked, LocalDate from, LocalDate to, long seed, Map<String, Instant> written) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("meter_address,check_time,meter_present,register_kwh,meter_serial,ct_ratio,vt_ratio,"
                + "ct_serial,vt_serial,seal,meter_clock,clamp_current_a,clamp_voltage_v,clamp_power_factor,phases,"
                + "meter_power_kw,ws_pulses,ws_constant,ws_power_w,ws_seconds,crew,notes\n");
        int days = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        for (Truth t : checked) {
            Instant at = from.plusDays(rnd.nextInt(days)).atStartOfDay(ZoneOffset.UTC).toInstant()
                    .plusSeconds(8 * 3600 + rnd.nextInt(8 * 3600));
            Instant shown = at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            written.put(t.archived.address(), shown);
            sb.append(rnd.nextBoolean() ? t.archived.address() : t.archived.address().replaceFirst("^0+", "")).append(',');
            sb.append(MINUTE.format(at)).append(',');
            if (t.fault == Fault.MISSING) {
                sb.append("no,,,,,,,,,,,,,,,,,,crew ").append(rnd.nextInt(5)).append(",meter box empty\n");
                continue;
            }
            sb.append("yes,").append(String.format(Locale.ROOT, "%.2f", Math.floor(t.register(at) * 100) / 100)).append(',');
            String serial = t.fault == Fault.REPLACED ? "SN9" + t.archived.address().substring(6) : t.archived.site().meterSerial();
            sb.append(rnd.nextBoolean() ? serial : serial.toLowerCase(Locale.ROOT)).append(',');
            sb.append(CheckRules.num(t.installedCt)).append(',').append(CheckRules.num(t.vt)).append(',');
            sb.append(t.archived.site().ctSerial()).append(',').append(t.archived.site().vtSerial()).append(',');
            sb.append(t.fault == Fault.SEAL ? "broken" : "intact").append(',');
            long drift = t.fault == Fault.CLOCK ? DRIFT_S : rnd.nextLong(-60, 61);
            sb.append(at.plusSeconds(drift).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(',');
            sb.append(t.kind.equals("residential") || t.zero() ? ",,,,,,,,," : instruments(t, rnd)); // no load: no instruments
            sb.append("crew ").append(rnd.nextInt(5)).append(',').append(rnd.nextInt(10) == 0 ? "\"dog, gate locked; came back\"" : "").append('\n');
        }
        return sb.toString();
    }

    /** Clamp and watt-second columns of a CT-connected meter under its load on site. */
    private static String instruments(Truth t, SplittableRandom rnd) {
        double p = t.powerKw * rnd.nextDouble(0.7, 1.3); // primary kW now
        double pf = rnd.nextDouble(0.88, 0.99);
        double u = t.vt > 1 ? 10_000 : 400;
        double i = p * 1000 / (Math.sqrt(3) * u * pf) * rnd.nextDouble(0.97, 1.03);
        double actualK = t.actualCt * t.vt;
        double meterKw = p / actualK * (1 + t.error);
        double c = t.vt > 1 ? 20_000 : 6_400;
        long n = Math.max(5, Math.round(60 * c * (p / actualK) / 3600));
        double trueT = n * 3.6e6 / (c * p * 1000 / actualK) / (1 + t.error);
        return String.format(Locale.ROOT, "%.3f,%.1f,%.3f,3,%.4f,%d,%s,%.1f,%.2f,", i, u, pf, meterKw, n, CheckRules.num(c),
                p * 1000 * rnd.nextDouble(0.997, 1.003), trueT + rnd.nextDouble(-0.1, 0.1));
    }

    /** The sheet line of a meter found on site that has no record. */
    static String orphanLine() {
        return ORPHAN + ",2026-07-20 10:15,yes,4321.00,SN8800001,1,1,,,intact,,,,,,,,,,,crew 2,not in the crew's list\n";
    }

    private static double[] cumulative() {
        double sum = 0;
        for (double h : HOURLY) {
            sum += h;
        }
        double[] c = new double[25];
        for (int i = 0; i < 24; i++) {
            c[i + 1] = c[i] + HOURLY[i] / sum;
        }
        return c;
    }
}
