package org.headend.simulator;

import static org.headend.simulator.LoadCurve.HOURS_PER_WEEK;
import static org.headend.simulator.LoadCurve.HOUR_MS;
import static org.headend.simulator.LoadCurve.TARIFFS;
import static org.headend.simulator.LoadCurve.WEEK_MS;

/**
 * The energy registers of one meter as an exact function of time: power is constant within each
 * hour of the week, so energy since {@link LoadCurve#ORIGIN} is whole weeks plus a prefix sum plus
 * a partial hour, in integer watt-milliseconds. No state, no floating point: the same instant
 * always gives the same registers, and a later instant never gives less.
 */
final class Consumption {

    /** 0.01 kWh (the register's last digit) = 10 Wh = 3.6e7 W·ms. */
    static final long WMS_PER_UNIT = 36_000_000L;
    /** XXXXXX.XX rolls over at 999999.99 kWh like a real register. */
    static final long ROLLOVER = 100_000_000L;

    private final int[] watts;
    private final long[][] prefix;
    private final long[] initial;

    /**
     * @param watts secondary-side power for each hour of the week, 0..9999 W (the meter's XX.XXXX kW range)
     * @param initial register per tariff at the origin, in 0.01 kWh
     */
    Consumption(int[] watts, long[] initial) {
        if (watts.length != HOURS_PER_WEEK || initial.length != TARIFFS) {
            throw new IllegalArgumentException("need 168 hourly powers and 4 initial registers, got "
                    + watts.length + " and " + initial.length);
        }
        this.watts = watts.clone();
        this.initial = initial.clone();
        this.prefix = new long[HOURS_PER_WEEK + 1][TARIFFS];
        for (int h = 0; h < HOURS_PER_WEEK; h++) {
            if (watts[h] < 0 || watts[h] > 9999) {
                throw new IllegalArgumentException("hour " + h + " power " + watts[h] + " W is outside 0..9999 W");
            }
            System.arraycopy(prefix[h], 0, prefix[h + 1], 0, TARIFFS);
            prefix[h + 1][LoadCurve.tariffOfHour(h % 24)] += watts[h] * HOUR_MS;
        }
    }

    /** T1..T4 registers in 0.01 kWh at {@code sinceOrigin} milliseconds after the origin. */
    long[] tariffRegisters(long sinceOrigin) {
        long weeks = sinceOrigin / WEEK_MS;
        long rem = sinceOrigin % WEEK_MS;
        int h = (int) (rem / HOUR_MS);
        long part = rem - h * HOUR_MS;
        int current = LoadCurve.tariffOfHour(h % 24);
        long[] out = new long[TARIFFS];
        for (int k = 0; k < TARIFFS; k++) {
            long wms = weeks * prefix[HOURS_PER_WEEK][k] + prefix[h][k] + (k == current ? watts[h] * part : 0);
            out[k] = (initial[k] + wms / WMS_PER_UNIT) % ROLLOVER;
        }
        return out;
    }

    /** Secondary-side power in W at {@code sinceOrigin}. */
    int watts(long sinceOrigin) {
        return watts[(int) ((sinceOrigin % WEEK_MS) / HOUR_MS)];
    }
}
