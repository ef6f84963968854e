package org.headend.fieldcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.headend.collector.archive.Meter;
import org.headend.collector.archive.MeterSite;
import org.headend.storage.FieldResult;

/**
 * The rules that turn one field check into draft findings (issue 7, "Mismatch categories"). Pure:
 * no store, no clock. Energy that depends on the register's advance since the last good check is
 * left as a coefficient ({@link Draft#perKwhSince}) that {@link FieldComparison} fills in.
 */
final class CheckRules {
    static final String MULTIPLIER = "multiplier";
    static final String NONE = "none";
    private static final double RATIO_EPS = 1e-6;
    private static final double SQRT3 = Math.sqrt(3);

    private final FieldCheckSettings settings;

    CheckRules(FieldCheckSettings settings) {
        this.settings = settings;
    }

    /**
     * A finding before its energy is known.
     *
     * @param fixedEnergyKwh energy known from the check alone (register mismatches)
     * @param perKwhSince    primary kWh per secondary kWh the register advanced since the last good check
     */
    record Draft(Category category, String evidence, double factor, String quantity, double remoteValue,
                 double fieldValue, double fixedEnergyKwh, double perKwhSince) {
        boolean needsBaseline() {
            return perKwhSince != 0;
        }
    }

    /** Everything the check of a meter with a record, found on site, shows. */
    List<Draft> evaluate(FieldResult r, Meter m, RemoteEstimate remote) {
        List<Draft> out = new ArrayList<>();
        double multiplier = m.multiplier().doubleValue();
        register(r, remote, multiplier, out);
        serials(r, m.site(), out);
        double archCt = m.ctRatio().doubleValue();
        double archVt = m.vtRatio().doubleValue();
        if (r.ctRatio() != null && differs(r.ctRatio(), archCt)) {
            out.add(new Draft(Category.CT_RATIO_DIFFERS, fmt("CT ratio found %s, archive %s: factor %s (archive / found); "
                    + "multiplier billed %s, on site %s", num(r.ctRatio()), num(archCt), num(archCt / r.ctRatio()),
                    num(multiplier), num(r.ctRatio() * archVt)), archCt / r.ctRatio(), MULTIPLIER, multiplier,
                    r.ctRatio() * archVt, 0, (r.ctRatio() - archCt) * archVt));
        }
        if (r.vtRatio() != null && differs(r.vtRatio(), archVt)) {
            double ct = r.ctRatio() != null ? r.ctRatio() : archCt;
            out.add(new Draft(Category.VT_RATIO_DIFFERS, fmt("VT ratio found %s, archive %s: factor %s (archive / found)",
                    num(r.vtRatio()), num(archVt), num(archVt / r.vtRatio())), archVt / r.vtRatio(), MULTIPLIER,
                    multiplier, ct * r.vtRatio(), 0, ct * (r.vtRatio() - archVt)));
        }
        if (r.seal().equals("broken") || r.seal().equals("missing")) {
            out.add(new Draft(Category.SEAL_BROKEN, "seal " + r.seal() + (m.site().seals().isEmpty() ? ""
                    : "; archive seals " + m.site().seals()), Double.NaN, NONE, Double.NaN, Double.NaN, 0, 0));
        }
        if (r.meterClock() != null) {
            long drift = Duration.between(r.checkTime(), r.meterClock()).toSeconds();
            if (Math.abs(drift) > settings.clockDriftLimit().toSeconds()) {
                out.add(new Draft(Category.CLOCK_DRIFT, fmt("meter clock %s at %s: %s by %d s, limit %d s", r.meterClock(),
                        r.checkTime(), drift > 0 ? "ahead" : "behind", Math.abs(drift), settings.clockDriftLimit().toSeconds()),
                        Double.NaN, NONE, Double.NaN, Double.NaN, 0, 0));
            }
        }
        double seenMultiplier = (r.ctRatio() != null ? r.ctRatio() : archCt) * (r.vtRatio() != null ? r.vtRatio() : archVt);
        double clampFactor = clamp(r, seenMultiplier, out);
        // A multiplier the clamp shows wrong (the real case of domain.md: a CT with the wrong number
        // of turns) would make the watt-second method read it as meter error too; judge the meter
        // with the multiplier the clamp measured (to the clamp's tolerance), so one fault is one finding.
        wattSecond(r, m.site(), seenMultiplier, clampFactor, out);
        return out;
    }

    private void register(FieldResult r, RemoteEstimate remote, double multiplier, List<Draft> out) {
        if (remote.mode() == RemoteEstimate.Mode.NONE) {
            out.add(new Draft(Category.NO_REMOTE_READING, fmt("no remote reading within %s of %s; field register %s kWh",
                    settings.window(), r.checkTime(), num2(r.registerKwh())), Double.NaN, NONE, Double.NaN,
                    r.registerKwh(), 0, 0));
            return;
        }
        double field = r.registerKwh();
        if (remote.accepts(field)) {
            return;
        }
        double diff = remote.registerKwh() - field;
        Category c = diff > 0 ? Category.REMOTE_HIGH : Category.REMOTE_LOW;
        String pct = field == 0 ? "n/a" : fmt("%.3f %%", Math.abs(diff) / field * 100);
        out.add(new Draft(c, fmt("remote %s kWh (%s) vs field %s kWh at %s: remote %s by %s kWh (%s); tolerance %s..%s kWh",
                num2(remote.registerKwh()), remote.describe(multiplier), num2(field), r.checkTime(),
                diff > 0 ? "high" : "low", num2(Math.abs(diff)), pct, num2(remote.lowKwh()), num2(remote.highKwh())),
                Double.NaN, settings.quantity(), remote.registerKwh(), field, -diff * multiplier, 0));
    }

    private static void serials(FieldResult r, MeterSite site, List<Draft> out) {
        List<String> differ = new ArrayList<>();
        compare("meter serial", site.meterSerial(), r.meterSerial(), differ);
        compare("CT serial", site.ctSerial(), r.ctSerial(), differ);
        compare("VT serial", site.vtSerial(), r.vtSerial(), differ);
        if (!differ.isEmpty()) {
            out.add(new Draft(Category.SERIAL_DIFFERS, String.join("; ", differ), Double.NaN, NONE, Double.NaN, Double.NaN, 0, 0));
        }
    }

    private static void compare(String what, String archive, String found, List<String> differ) {
        if (!archive.isEmpty() && !found.isEmpty() && !archive.equalsIgnoreCase(found)) {
            differ.add(what + " found " + found + ", archive " + archive);
        }
    }

    /** domain.md, watt-second method: T = N * 3.6e6 * K / (C * P); r = (T - t) / t * 100 %. */
    private void wattSecond(FieldResult r, MeterSite site, double seenK, double clampFactor, List<Draft> out) {
        if (r.wsPulses() == null) {
            return;
        }
        double k = seenK * clampFactor;
        double theoretical = r.wsPulses() * 3.6e6 * k / (r.wsConstant() * r.wsPowerW());
        double error = (theoretical - r.wsSeconds()) / r.wsSeconds() * 100;
        double limit = site.accuracyClassPercent().map(java.math.BigDecimal::doubleValue).orElse(settings.defaultAccuracyClass());
        if (clampFactor != 1) {
            // K then carries the clamp's own uncertainty: the meter is judged only to the clamp's tolerance
            limit = Math.max(limit, settings.clampTolerance() * 100);
        }
        if (Math.abs(error) > limit) {
            out.add(new Draft(Category.WATT_SECOND_ERROR, fmt("watt-second: N=%s C=%s P=%s W K=%s gives T=%.3f s, measured t=%s s: "
                    + "error %+.2f %% (%s), accuracy class %s %%", num(r.wsPulses()), num(r.wsConstant()), num(r.wsPowerW()),
                    num(k), theoretical, num(r.wsSeconds()), error, error > 0 ? "runs fast" : "runs slow", num(limit))
                    + (clampFactor != 1 ? "; K is the multiplier found x the clamp's factor " + num(clampFactor)
                    + ", so the limit is the clamp's tolerance" : ""),
                    1 + error / 100, NONE, Double.NaN, error, 0, k * (1 / (1 + error / 100) - 1)));
        }
    }

    /**
     * The clamp's primary power against the meter's own (secondary) power times the multiplier found.
     *
     * @return the clamp's factor when it is a finding (finite), else 1
     */
    private double clamp(FieldResult r, double multiplier, List<Draft> out) {
        if (r.clampCurrentA() == null) {
            return 1;
        }
        int phases = r.phases() == null ? 3 : r.phases();
        double pf = r.clampPowerFactor() == null ? 1 : r.clampPowerFactor();
        double clampKw = (phases == 3 ? SQRT3 : 1) * r.clampVoltageV() * r.clampCurrentA() * pf / 1000;
        double expectedKw = r.meterPowerKw() * multiplier;
        double factor = expectedKw > 0 ? clampKw / expectedKw : (clampKw > 0 ? Double.POSITIVE_INFINITY : 1);
        if (Math.abs(factor - 1) > settings.clampTolerance()) {
            boolean finite = Double.isFinite(factor);
            out.add(new Draft(Category.CLAMP_INCONSISTENT, fmt("clamp %s A x %s V x pf %s (%d-phase) = %.3f kW primary; meter shows "
                    + "%s kW x multiplier %s = %.3f kW: factor %s (clamp / meter), tolerance %s", num(r.clampCurrentA()),
                    num(r.clampVoltageV()), num(pf), phases, clampKw, num(r.meterPowerKw()), num(multiplier), expectedKw,
                    finite ? num(factor) : "inf", num(settings.clampTolerance())), factor, MULTIPLIER, multiplier,
                    finite ? multiplier * factor : Double.NaN, 0, finite ? multiplier * (factor - 1) : 0));
            return finite ? factor : 1;
        }
        return 1;
    }

    private static boolean differs(double found, double archive) {
        return Math.abs(found - archive) > RATIO_EPS * Math.max(1, Math.abs(archive));
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    /** A number as short as it is exact: 30, 0.5, 1.0526. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String num2(double v) {
        return fmt("%.2f", v);
    }
}
