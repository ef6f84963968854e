package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Optional;
import org.headend.protocol.gw376.Gw376Exception.Reason;
import org.headend.protocol.wire.Bcd;

/**
 * The appendix-A data formats of protocols.md §3.9 both ways. A value sent as all EE bytes is
 * "no data" (an empty Optional, EE again when written). Dates carry two-digit years of 2000..2099.
 */
final class Gw376Formats {

    static final int NO_DATA = 0xEE;

    private Gw376Formats() {
    }

    static boolean noData(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            if ((b[off + i] & 0xFF) != NO_DATA) {
                return false;
            }
        }
        return true;
    }

    private static void fillNoData(byte[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = (byte) NO_DATA;
        }
    }

    /** An unsigned BCD number of {@code n} bytes with {@code scale} decimals (A.14: 5/4, A.11: 4/2). */
    static Optional<BigDecimal> number(byte[] b, int off, int n, int scale) {
        if (noData(b, off, n)) {
            return Optional.empty();
        }
        long v = Bcd.read(b, off, n, false);
        if (v == Bcd.INVALID) {
            int bad = Bcd.firstBadByte(b, off, n, false);
            throw new Gw376Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is neither BCD nor EE", b[bad] & 0xFF, bad));
        }
        return Optional.of(BigDecimal.valueOf(v, scale));
    }

    static void number(Optional<BigDecimal> value, int n, int scale, byte[] out, int off) {
        if (value.isEmpty()) {
            fillNoData(out, off, n);
            return;
        }
        long unscaled;
        try {
            unscaled = value.get().setScale(scale).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(value.get() + " has more than " + scale + " decimals or is too large", e);
        }
        if (unscaled < 0 || Long.toString(unscaled).length() > 2 * n) {
            throw new IllegalArgumentException(value.get() + " does not fit " + 2 * n + " BCD digits with " + scale + " decimals");
        }
        Bcd.write(unscaled, false, out, off, n);
    }

    /** {@code n} BCD bytes as two-digit units, low byte first. */
    static int[] units(byte[] b, int off, int n, String format) {
        int[] u = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = Bcd.digits(b[off + i]);
            if (u[i] < 0) {
                throw new Gw376Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in %s",
                        b[off + i] & 0xFF, off + i, format));
            }
        }
        return u;
    }

    private static Gw376Exception badDate(String format, int off, DateTimeException e) {
        return new Gw376Exception(Reason.BAD_VALUE, format + " at offset " + off + " is not a valid date: " + e.getMessage());
    }

    /** A.15 mm hh DD MM YY (read times, event times); EE = no data. */
    static Optional<LocalDateTime> a15(byte[] b, int off) {
        if (noData(b, off, 5)) {
            return Optional.empty();
        }
        int[] u = units(b, off, 5, "A.15");
        try {
            return Optional.of(LocalDateTime.of(2000 + u[4], u[3], u[2], u[1], u[0]));
        } catch (DateTimeException e) {
            throw badDate("A.15", off, e);
        }
    }

    static void a15(Optional<LocalDateTime> t, byte[] out, int off) {
        if (t.isEmpty()) {
            fillNoData(out, off, 5);
            return;
        }
        LocalDateTime v = t.get();
        if (v.getSecond() != 0 || v.getNano() != 0) {
            throw new IllegalArgumentException("A.15 has minute resolution, got " + v);
        }
        Bcd.writeUnits(out, off, v.getMinute(), v.getHour(), v.getDayOfMonth(), v.getMonthValue(), v.getYear() - 2000);
    }

    /** A.20 DD MM YY (td_d). */
    static LocalDate a20(byte[] b, int off) {
        int[] u = units(b, off, 3, "A.20");
        try {
            return LocalDate.of(2000 + u[2], u[1], u[0]);
        } catch (DateTimeException e) {
            throw badDate("A.20", off, e);
        }
    }

    static void a20(LocalDate d, byte[] out, int off) {
        Bcd.writeUnits(out, off, d.getDayOfMonth(), d.getMonthValue(), d.getYear() - 2000);
    }

    /** A.21 MM YY (td_m). */
    static YearMonth a21(byte[] b, int off) {
        int[] u = units(b, off, 2, "A.21");
        try {
            return YearMonth.of(2000 + u[1], u[0]);
        } catch (DateTimeException e) {
            throw badDate("A.21", off, e);
        }
    }

    static void a21(YearMonth m, byte[] out, int off) {
        Bcd.writeUnits(out, off, m.getMonthValue(), m.getYear() - 2000);
    }

    /** A.1 ss mm hh DD (weekday << 5 | month) YY; the month byte's top 3 bits are the weekday, 0 = none. */
    static Gw376Data.Clock a1(byte[] b, int off) {
        int wm = b[off + 4] & 0xFF;
        byte[] plain = {b[off], b[off + 1], b[off + 2], b[off + 3], (byte) (wm & 0x1F), b[off + 5]};
        int[] u = units(plain, 0, 6, "A.1");
        try {
            return new Gw376Data.Clock(LocalDateTime.of(2000 + u[5], u[4], u[3], u[2], u[1], u[0]), wm >>> 5);
        } catch (DateTimeException e) {
            throw badDate("A.1", off, e);
        }
    }

    static void a1(Gw376Data.Clock c, byte[] out, int off) {
        LocalDateTime t = c.time();
        Bcd.writeUnits(out, off, t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
        out[off + 4] |= (byte) (c.weekday() << 5);
    }

    /** Tp (§3.7): PFC, ss mm hh DD, delay. */
    static Gw376Tp tp(byte[] b, int off) {
        int[] u = units(b, off + 1, 4, "Tp");
        try {
            return new Gw376Tp(b[off] & 0xFF, u[0], u[1], u[2], u[3], b[off + 5] & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new Gw376Exception(Reason.BAD_VALUE, "Tp at offset " + off + ": " + e.getMessage());
        }
    }

    static void tp(Gw376Tp tp, byte[] out, int off) {
        out[off] = (byte) tp.pfc();
        Bcd.writeUnits(out, off + 1, tp.second(), tp.minute(), tp.hour(), tp.day());
        out[off + 5] = (byte) tp.delayMinutes();
    }
}
