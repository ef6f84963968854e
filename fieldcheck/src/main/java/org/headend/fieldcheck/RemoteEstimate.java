package org.headend.fieldcheck;

import java.time.Duration;
import java.time.Instant;
import org.headend.storage.Reading;
import org.headend.storage.ReadingsAround;

/**
 * The remote register at a field check's time and the band the true register must lie in, from
 * the remote readings around that time (issue 7, "The comparison").
 *
 * <p>A register only goes forward, so between two readings r0 at t0 and r1 at t1 it was in
 * [r0, r1] at any time in between, whatever the load did: the band is that, widened by the
 * resolution of both registers (each side may be cut to its last digit). The estimate is the
 * straight line between them. With one reading only ({@link Mode#NEAREST_BEFORE} /
 * {@link Mode#NEAREST_AFTER}, flagged as such in the evidence) the register can have moved at most
 * {@code maxRegisterKw} x the hours between, in one direction. Remote values are primary (register
 * x the archive's multiplier, as the collector stores them) and are divided back here.
 *
 * @param mode        how it was obtained
 * @param registerKwh the estimate, secondary kWh (NaN for {@link Mode#NONE})
 * @param lowKwh      lowest register consistent with the remote readings
 * @param highKwh     highest register consistent with them
 * @param before      the reading used before the check time, or null
 * @param after       the reading used after it, or null
 */
public record RemoteEstimate(Mode mode, double registerKwh, double lowKwh, double highKwh, Reading before, Reading after) {

    /** How the remote register at the check time was obtained. */
    public enum Mode {
        /** Between the reading before and the reading after. */
        INTERPOLATED,
        /** From the one reading before, within the window: weaker, flagged. */
        NEAREST_BEFORE,
        /** From the one reading after, within the window: weaker, flagged. */
        NEAREST_AFTER,
        /** No reading within the window on either side. */
        NONE
    }

    // relative slack for the division back from primary values (binary floating point)
    private static final double EPS = 1e-9;

    /**
     * @param multiplier     the archive's CT x VT the remote values were multiplied by
     * @param remoteRes      the remote register's resolution, kWh
     * @param fieldRes       the field reading's resolution, kWh
     * @param maxRegisterKw  the most the register can advance per hour
     */
    public static RemoteEstimate of(ReadingsAround around, Instant checkTime, double multiplier, double remoteRes,
                                    double fieldRes, double maxRegisterKw) {
        Reading b = around.before();
        Reading a = around.after();
        double res = remoteRes + fieldRes;
        if (b != null && a != null) {
            double r0 = b.value() / multiplier;
            double r1 = a.value() / multiplier;
            double span = a.time().toEpochMilli() - b.time().toEpochMilli();
            double f = (checkTime.toEpochMilli() - b.time().toEpochMilli()) / span;
            double est = r0 + (r1 - r0) * f;
            double lo = Math.min(r0, r1);
            double hi = Math.max(r0, r1);
            return new RemoteEstimate(Mode.INTERPOLATED, est, lo - res - slack(lo), hi + res + slack(hi), b, a);
        }
        if (b != null) {
            double r0 = b.value() / multiplier;
            double flow = maxRegisterKw * hours(b.time(), checkTime);
            return new RemoteEstimate(Mode.NEAREST_BEFORE, r0, r0 - res - slack(r0), r0 + flow + res + slack(r0 + flow), b, null);
        }
        if (a != null) {
            double r1 = a.value() / multiplier;
            double flow = maxRegisterKw * hours(checkTime, a.time());
            return new RemoteEstimate(Mode.NEAREST_AFTER, r1, r1 - flow - res - slack(r1), r1 + res + slack(r1), null, a);
        }
        return new RemoteEstimate(Mode.NONE, Double.NaN, Double.NaN, Double.NaN, null, null);
    }

    private static double slack(double v) {
        return Math.abs(v) * EPS;
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }

    /** Whether a field reading is consistent with the remote readings. */
    public boolean accepts(double fieldKwh) {
        return mode == Mode.NONE || (fieldKwh >= lowKwh && fieldKwh <= highKwh);
    }

    /** The readings used, in words and register units, for evidence. */
    String describe(double multiplier) {
        return switch (mode) {
            case INTERPOLATED -> String.format(java.util.Locale.ROOT, "interpolated between %.2f kWh at %s and %.2f kWh at %s",
                    before.value() / multiplier, before.time(), after.value() / multiplier, after.time());
            case NEAREST_BEFORE -> String.format(java.util.Locale.ROOT,
                    "NEAREST reading only (none after within the window): %.2f kWh at %s", before.value() / multiplier, before.time());
            case NEAREST_AFTER -> String.format(java.util.Locale.ROOT,
                    "NEAREST reading only (none before within the window): %.2f kWh at %s", after.value() / multiplier, after.time());
            case NONE -> "no remote reading within the window";
        };
    }
}
