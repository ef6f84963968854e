package org.headend.protocol.gw376;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A data unit identifier DA + DT (protocols.md §3.6): DA1 a bitmap of 8 points in group DA2
 * (Pn = (DA2 − 1)·8 + bit + 1; DA1 = DA2 = 0 is p0, the terminal; DA1 = FF with DA2 = 0 is all
 * points), DT1 a bitmap of 8 Fn in group DT2 (Fn = DT2·8 + bit + 1, DT2 ≤ 30). Several bits name
 * several points or Fn; their data follow point by point, Fn by Fn within a point, both ascending.
 */
public record Gw376DataId(int da1, int da2, int dt1, int dt2) {

    /** The pn of units under DA1 = FF, DA2 = 0 ("all measurement points"). */
    public static final int ALL_POINTS = -1;
    public static final int MAX_PN = 2040;
    public static final int MAX_FN = 248;

    public Gw376DataId {
        if ((da1 | da2 | dt1 | dt2) >>> 8 != 0) {
            throw new IllegalArgumentException("DA and DT are bytes, got " + da1 + " " + da2 + " " + dt1 + " " + dt2);
        }
        String bad = problem(da1, da2, dt1, dt2);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** Why these four bytes are no identifier, or null. */
    static String problem(int da1, int da2, int dt1, int dt2) {
        if (dt1 == 0) {
            return "DT1 = 00 names no Fn";
        }
        if (dt2 > 30) {
            return String.format("DT2 = %02X is above group 30", dt2);
        }
        if (da2 == 0 && da1 != 0 && da1 != 0xFF) {
            return String.format("DA1 = %02X with DA2 = 00 names no point (only 00 = p0 and FF = all)", da1);
        }
        if (da2 != 0 && da1 == 0) {
            return String.format("DA1 = 00 with DA2 = %02X names no point", da2);
        }
        return null;
    }

    /** One point, one Fn. */
    public static Gw376DataId of(int pn, int fn) {
        return of(List.of(pn), List.of(fn));
    }

    /** Several points of one group of 8 and several Fn of one group of 8 (p0 only alone). */
    public static Gw376DataId of(Collection<Integer> pns, Collection<Integer> fns) {
        int[] da = group(new TreeSet<>(pns), MAX_PN, "Pn", true);
        int[] dt = group(new TreeSet<>(fns), MAX_FN, "Fn", false);
        return new Gw376DataId(da[0], da[1], dt[0], dt[1]);
    }

    /** {bitmap, group} for numbers of one group; p0 is DA 00 00. */
    private static int[] group(TreeSet<Integer> ns, int max, String what, boolean points) {
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("no " + what);
        }
        if (points && ns.first() == 0) {
            if (ns.size() > 1) {
                throw new IllegalArgumentException("p0 cannot share a DA with other points: " + ns);
            }
            return new int[] {0, 0};
        }
        int g = -1;
        int bits = 0;
        for (int n : ns) {
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(what + " " + n + " is outside 1.." + max);
            }
            int ng = points ? (n - 1) / 8 + 1 : (n - 1) / 8;
            if (g >= 0 && ng != g) {
                throw new IllegalArgumentException(what + "s " + ns + " are not in one group of 8");
            }
            g = ng;
            bits |= 1 << ((n - 1) % 8);
        }
        return new int[] {bits, g};
    }

    /** Parses the 4 bytes at {@code off}, or throws BAD_UNIT. */
    static Gw376DataId read(byte[] b, int off) {
        int da1 = b[off] & 0xFF, da2 = b[off + 1] & 0xFF, dt1 = b[off + 2] & 0xFF, dt2 = b[off + 3] & 0xFF;
        String bad = problem(da1, da2, dt1, dt2);
        if (bad != null) {
            throw new Gw376Exception(Gw376Exception.Reason.BAD_UNIT, String.format("DA/DT %02X %02X %02X %02X at offset %d: %s",
                    da1, da2, dt1, dt2, off, bad));
        }
        return new Gw376DataId(da1, da2, dt1, dt2);
    }

    void write(byte[] out, int off) {
        out[off] = (byte) da1;
        out[off + 1] = (byte) da2;
        out[off + 2] = (byte) dt1;
        out[off + 3] = (byte) dt2;
    }

    /** The points, ascending: [0] for p0, [{@link #ALL_POINTS}] for all. */
    public List<Integer> points() {
        if (da2 == 0) {
            return List.of(da1 == 0 ? 0 : ALL_POINTS);
        }
        List<Integer> out = new ArrayList<>(8);
        for (int bit = 0; bit < 8; bit++) {
            if ((da1 & (1 << bit)) != 0) {
                out.add((da2 - 1) * 8 + bit + 1);
            }
        }
        return out;
    }

    /** The Fn, ascending. */
    public List<Integer> functions() {
        List<Integer> out = new ArrayList<>(8);
        for (int bit = 0; bit < 8; bit++) {
            if ((dt1 & (1 << bit)) != 0) {
                out.add(dt2 * 8 + bit + 1);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format("%02X%02X%02X%02X", da1, da2, dt1, dt2);
    }
}
