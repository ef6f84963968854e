package org.headend.simulator;

/**
 * The instantaneous quantities of one meter for one minute, in the meter's unscaled units
 * (protocols.md §1.6): volts ×10, amperes ×1000, kW ×10⁴, power factor ×1000, hertz ×100.
 * Phases the wiring does not measure are {@link SimulatedMeter#NOT_AVAILABLE}.
 *
 * <p>Consistent by construction: P is the hour's load (the rate the energy registers advance
 * at), PF is the meter's own plus small noise, U is nominal plus at most ±2 % noise, and the
 * currents follow from them: {@code I = P / (U·PF)} per phase (√3 for three-wire).
 */
record Instantaneous(long[] voltage, long[] current, long[] phasePower, long power, long powerFactor, long frequency) {

    private static final long NA = SimulatedMeter.NOT_AVAILABLE;

    /**
     * @param watts secondary-side active power in W
     * @param pfBase the meter's typical power factor
     * @param meterSeed seeds the voltage, share and power-factor noise
     * @param gridSeed seeds the frequency, the same for every meter of one grid
     * @param minute the minute (epoch minutes) the noise is drawn for
     */
    static Instantaneous of(Wiring wiring, int watts, double pfBase, long meterSeed, long gridSeed, long minute) {
        double pf = Math.min(0.999, Math.max(0.5, pfBase + 0.01 * Noise.symmetric(meterSeed, minute, 10)));
        long pfUnscaled = Math.round(pf * 1000);
        pf = pfUnscaled / 1000.0;
        long frequency = Math.round((50.0 + 0.04 * Noise.symmetric(gridSeed, minute, 11)) * 100);
        double[] u = new double[3];
        double[] i = new double[3];
        long[] phaseP = {NA, NA, NA};
        switch (wiring) {
            case SINGLE_PHASE -> {
                u[0] = volts(220.0, 0.02, meterSeed, minute, 0);
                i[0] = watts / (u[0] * pf);
                u[1] = u[2] = i[1] = i[2] = Double.NaN;
                phaseP[0] = watts * 10L;
            }
            case THREE_PHASE_FOUR_WIRE -> {
                double[] share = new double[3];
                double sum = 0;
                for (int p = 0; p < 3; p++) {
                    share[p] = 1 + 0.06 * Noise.symmetric(meterSeed, minute, 20 + p);
                    sum += share[p];
                }
                for (int p = 0; p < 3; p++) {
                    u[p] = volts(220.0, 0.02, meterSeed, minute, p);
                    double pw = watts * share[p] / sum;
                    i[p] = pw / (u[p] * pf);
                    phaseP[p] = Math.round(pw * 10);
                }
            }
            case THREE_PHASE_THREE_WIRE -> {
                // 10 kV behind VTs: line voltages Uab and Ucb of about 100 V; B is not measured.
                u[0] = volts(100.0, 0.01, meterSeed, minute, 0);
                u[2] = volts(100.0, 0.01, meterSeed, minute, 2);
                u[1] = i[1] = Double.NaN;
                i[0] = i[2] = watts / (Math.sqrt(3) * (u[0] + u[2]) / 2 * pf);
            }
            default -> throw new IllegalStateException("wiring " + wiring);
        }
        long[] uu = new long[3];
        long[] ii = new long[3];
        for (int p = 0; p < 3; p++) {
            uu[p] = Double.isNaN(u[p]) ? NA : Math.round(u[p] * 10);
            ii[p] = Double.isNaN(i[p]) ? NA : Math.round(i[p] * 1000);
        }
        return new Instantaneous(uu, ii, phaseP, watts * 10L, pfUnscaled, frequency);
    }

    private static double volts(double nominal, double spread, long seed, long minute, int phase) {
        return nominal * (1 + spread * Noise.symmetric(seed, minute, phase));
    }
}
