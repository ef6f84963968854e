package org.headend.fieldcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.headend.storage.MeterTime;
import org.headend.storage.Quality;
import org.headend.storage.Reading;
import org.headend.storage.ReadingsAround;
import org.headend.storage.Source;

/**
 * Interpolation and tolerance (issue 7): a register that only goes forward, read remotely and on
 * site with their resolutions (both cut, as displays cut), never gives a mismatch, whatever the
 * load did between the readings, the multiplier, or where the check falls; and a field reading
 * outside the band always does.
 */
class RemoteEstimateProperties {
    static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    /** A monotone register: values at t0, tc and t1 (tc between), as kWh advances of any size. */
    record Register(double start, double toCheck, double afterCheck, long t0ToCheckMs, long checkToT1Ms) {
    }

    @Provide
    Arbitrary<Register> registers() {
        return Combinators.combine(Arbitraries.doubles().between(0, 999_999),
                Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 5000)),
                Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 5000)),
                Arbitraries.longs().between(0, 3 * 86_400_000L), Arbitraries.longs().between(1, 3 * 86_400_000L))
                .as(Register::new);
    }

    static double cut(double v, double res) {
        return Math.floor(v / res) * res;
    }

    static Reading reading(Instant t, double primary) {
        return new Reading("000000000001", t, FieldCheckSettings.ENERGY, primary, "kWh", Quality.ACTUAL, Source.SCHEDULED);
    }

    @Property(tries = 2000)
    void aMonotoneRegisterNeverGivesAFalseMismatchWhenInterpolated(@ForAll("registers") Register r,
                                                                      @ForAll("multipliers") double multiplier,
                                                                      @ForAll("resolutions") double remoteRes,
                                                                      @ForAll("resolutions") double fieldRes) {
        Instant tc = T0.plusMillis(r.t0ToCheckMs());
        Instant t1 = tc.plusMillis(r.checkToT1Ms());
        double atCheck = r.start() + r.toCheck();
        double atT1 = atCheck + r.afterCheck();
        ReadingsAround around = new ReadingsAround(new MeterTime("000000000001", tc),
                reading(T0, cut(r.start(), remoteRes) * multiplier), reading(t1, cut(atT1, remoteRes) * multiplier));
        RemoteEstimate e = RemoteEstimate.of(around, tc, multiplier, remoteRes, fieldRes, 60);
        assertEquals(RemoteEstimate.Mode.INTERPOLATED, e.mode());
        assertTrue(e.accepts(cut(atCheck, fieldRes)), () -> "band " + e.lowKwh() + ".." + e.highKwh() + " field " + cut(atCheck, fieldRes));
        assertTrue(e.registerKwh() >= e.lowKwh() && e.registerKwh() <= e.highKwh());
    }

    @Property(tries = 1000)
    void oneReadingOnlyWithinTheMaximumPowerNeverGivesAFalseMismatch(@ForAll("registers") Register r,
                                                                      @ForAll @DoubleRange(min = 0.01, max = 200) double maxKw,
                                                                      @ForAll boolean readingBefore) {
        double hours = (readingBefore ? r.t0ToCheckMs() : r.checkToT1Ms()) / 3_600_000.0;
        double flow = Math.min(r.toCheck(), maxKw * hours); // the register cannot advance faster than maxKw
        Instant tc = T0.plusMillis(r.t0ToCheckMs());
        double atCheck = r.start() + (readingBefore ? flow : 0);
        ReadingsAround around = readingBefore
                ? new ReadingsAround(new MeterTime("000000000001", tc), reading(T0, cut(r.start(), 0.01)), null)
                : new ReadingsAround(new MeterTime("000000000001", tc), null,
                reading(tc.plusMillis(r.checkToT1Ms()), cut(r.start() + Math.min(r.afterCheck(), maxKw * hours), 0.01)));
        RemoteEstimate e = RemoteEstimate.of(around, tc, 1, 0.01, 0.01, maxKw);
        assertEquals(readingBefore ? RemoteEstimate.Mode.NEAREST_BEFORE : RemoteEstimate.Mode.NEAREST_AFTER, e.mode());
        assertTrue(e.accepts(cut(atCheck, 0.01)), () -> "band " + e.lowKwh() + ".." + e.highKwh() + " field " + atCheck);
    }

    @Property(tries = 1000)
    void aFieldReadingOutsideTheRemoteRangeBeyondTheResolutionsIsAMismatch(@ForAll("registers") Register r,
                                                                          @ForAll @DoubleRange(min = 0.03, max = 10_000) double off,
                                                                          @ForAll boolean high) {
        Instant tc = T0.plusMillis(r.t0ToCheckMs());
        double r0 = cut(r.start(), 0.01);
        double r1 = cut(r.start() + r.toCheck() + r.afterCheck(), 0.01);
        ReadingsAround around = new ReadingsAround(new MeterTime("000000000001", tc), reading(T0, r0),
                reading(tc.plusMillis(r.checkToT1Ms()), r1));
        RemoteEstimate e = RemoteEstimate.of(around, tc, 1, 0.01, 0.01, 60);
        double field = high ? r1 + off : r0 - off;
        if (field >= 0) {
            assertFalse(e.accepts(field), () -> "field " + field + " in band " + e.lowKwh() + ".." + e.highKwh());
        }
    }

    @Property(tries = 500)
    void interpolationIsExactForAConstantLoad(@ForAll @DoubleRange(min = 0, max = 100) double kw,
                                             @ForAll @LongRange(min = 2, max = 172_800_000L) long spanMs,
                                             @ForAll @IntRange(min = 0, max = 1000) int permille) {
        long atMs = Math.min(spanMs - 1, spanMs * permille / 1000); // a reading at the check time is the one before
        Instant tc = T0.plusMillis(atMs);
        ReadingsAround around = new ReadingsAround(new MeterTime("000000000001", tc), reading(T0, 1000),
                reading(T0.plusMillis(spanMs), 1000 + kw * spanMs / 3_600_000.0));
        RemoteEstimate e = RemoteEstimate.of(around, tc, 1, 0.01, 0.01, 60);
        assertEquals(1000 + kw * atMs / 3_600_000.0, e.registerKwh(), 1e-6);
    }

    @Provide
    Arbitrary<Double> multipliers() {
        return Arbitraries.of(1.0, 15.0, 30.0, 40.0, 2000.0, 10_000.0, 0.5);
    }

    @Provide
    Arbitrary<Double> resolutions() {
        return Arbitraries.of(0.01, 0.1, 1.0, 0.001);
    }
}
