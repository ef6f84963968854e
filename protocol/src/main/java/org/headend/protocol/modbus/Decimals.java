package org.headend.protocol.modbus;

import java.math.BigDecimal;

/**
 * Register numbers times a map's scale as the decimal a person reads: a float32 231.685 stays
 * 231.685 (not 231.68499755859375), 2317 × 0.1 is 231.7 (not 231.70000000000002). Fast paths for
 * the usual case (a power-of-ten scale, values of ordinary size); BigDecimal for the rest. Fast,
 * because every value of every Modbus read passes here.
 */
final class Decimals {

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Decimals of a scale the fast path takes: 1 down to 10^-9. */
    private static final int MAX_SCALE_DECIMALS = 9;

    private Decimals() {
    }

    /** {@code raw × scale}. */
    static double scaled(long raw, double scale) {
        if (raw == 0) {
            return 0; // not -0.0 under a negative scale
        }
        int j = decimals(scale);
        if (j >= 0 && Math.abs(raw) < (1L << 53)) {
            // one correctly rounded division of exact numbers: the double nearest the decimal
            return Math.signum(scale) * (raw / POW10[j]);
        }
        return BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(scale)).doubleValue();
    }

    /** The shortest decimal (6 to 9 significant digits) that reads back as {@code f}, times {@code scale}. */
    static double scaled(float f, double scale) {
        if (!Float.isFinite(f) || f == 0) {
            return f * scale;
        }
        int j = decimals(scale);
        double d = f;
        double a = Math.abs(d);
        if (j < 0 || a < 1e-6 || a >= 1e9) {
            return slow(f, scale);
        }
        int e10 = (int) Math.floor(Math.log10(a));
        for (int p = 6; p <= 9; p++) {
            int k = p - 1 - e10;
            long m = k >= 0 ? Math.round(d * POW10[k]) : Math.round(d / POW10[-k]);
            double candidate = k >= 0 ? m / POW10[k] : m * POW10[-k];
            if ((float) candidate == f) {
                int total = k + j;
                if (total > 22) {
                    break;
                }
                return Math.signum(scale) * (total >= 0 ? m / POW10[total] : m * POW10[-total]);
            }
        }
        return slow(f, scale);
    }

    private static double slow(float f, double scale) {
        return new BigDecimal(Float.toString(f)).multiply(BigDecimal.valueOf(scale)).doubleValue();
    }

    /** j when |scale| is 10^-j for j in 0..9, else -1. */
    private static int decimals(double scale) {
        double s = Math.abs(scale);
        for (int j = 0; j <= MAX_SCALE_DECIMALS; j++) {
            if (s == 1.0 / POW10[j]) {
                return j;
            }
        }
        return -1;
    }
}
