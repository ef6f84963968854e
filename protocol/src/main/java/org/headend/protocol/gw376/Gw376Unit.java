package org.headend.protocol.gw376;

import java.util.Objects;

/** One data unit: point {@code pn} (0 = the terminal), information class {@code fn}, its content. */
public record Gw376Unit(int pn, int fn, Gw376Data data) {

    public Gw376Unit {
        Objects.requireNonNull(data, "data");
        if (pn < Gw376DataId.ALL_POINTS || pn > Gw376DataId.MAX_PN || fn < 1 || fn > Gw376DataId.MAX_FN) {
            throw new IllegalArgumentException("p" + pn + " F" + fn + " is outside p0..p" + Gw376DataId.MAX_PN
                    + ", F1..F" + Gw376DataId.MAX_FN);
        }
    }

    /** A unit without data (a request of 0C, a login). */
    public static Gw376Unit of(int pn, int fn) {
        return new Gw376Unit(pn, fn, Gw376Data.NONE);
    }
}
