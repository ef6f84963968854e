package org.headend.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ConsumptionTest {

    /** Five years at the meter's top power still stays below the 999999.99 kWh rollover from a 20000 kWh start. */
    static final long FIVE_YEARS_MS = 5L * 365 * 24 * LoadCurve.HOUR_MS;

    @Provide
    Arbitrary<int[]> hourlyWatts() {
        return Arbitraries.integers().between(0, 9999).array(int[].class).ofSize(LoadCurve.HOURS_PER_WEEK);
    }

    @Property(tries = 100)
    void registersNeverGoBackAsTimeGoesOn(@ForAll("hourlyWatts") int[] watts,
                                          @ForAll @LongRange(min = 0, max = FIVE_YEARS_MS) long t1,
                                          @ForAll @LongRange(min = 0, max = FIVE_YEARS_MS) long t2) {
        Consumption c = new Consumption(watts, new long[] {100_000, 300_000, 300_000, 1_300_000});
        long[] early = c.tariffRegisters(Math.min(t1, t2));
        long[] late = c.tariffRegisters(Math.max(t1, t2));
        for (int k = 0; k < LoadCurve.TARIFFS; k++) {
            assertTrue(late[k] >= early[k], "T" + (k + 1) + " went from " + early[k] + " to " + late[k]);
        }
    }

    @Property(tries = 100)
    void everyWeekAddsTheSameEnergyToEachTariff(@ForAll("hourlyWatts") int[] watts,
                                                @ForAll @LongRange(min = 0, max = 200) long weeks) {
        Consumption c = new Consumption(watts, new long[4]);
        long[] week = new long[LoadCurve.TARIFFS];
        for (int h = 0; h < LoadCurve.HOURS_PER_WEEK; h++) {
            week[LoadCurve.tariffOfHour(h % 24)] += watts[h];
        }
        long[] r = c.tariffRegisters(weeks * LoadCurve.WEEK_MS);
        for (int k = 0; k < LoadCurve.TARIFFS; k++) {
            // watt-hours per week × weeks, in 0.01 kWh (10 Wh), floored
            assertEquals(week[k] * weeks / 10, r[k], "T" + (k + 1));
        }
    }
}
