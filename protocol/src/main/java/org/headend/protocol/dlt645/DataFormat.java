package org.headend.protocol.dlt645;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.wire.Bcd;

/**
 * The layout of one value in a data field, written as in the standard's tables.
 *
 * <p>Patterns ({@link Kind}):
 * <ul>
 * <li>{@code XXXXXX.XX}: BCD number, 8 digits (4 bytes), 2 decimals; an odd count takes whole bytes;
 *     a leading {@code -} marks a signed format whose sign is bit 7 of the most significant byte (§1.7).</li>
 * <li>{@code NNNNNNNNNNNN}: BCD digits read as text (addresses, meter numbers), most significant first.</li>
 * <li>{@code YYMMDDWW}, {@code hhmmss}, {@code YYMMDDhhmm}, {@code YYMMDDhhmmss}, {@code MMDDhhmm}: BCD
 *     dates and times, low unit first on the wire (§1.7); an all-zero date means "no record yet".</li>
 * <li>{@code ASCIIn}: n ASCII bytes sent last character first (§1.6), NUL padding dropped.</li>
 * <li>{@code BITSn:table}: an n-byte bit map named by {@code dlt645-status-bits.tsv} (§1.8).</li>
 * <li>{@code HEXn}: n opaque bytes.</li>
 * </ul>
 * Bytes go low byte first; all FF means "not available" ({@link Dlt645Value.Missing}).
 */
public record DataFormat(String pattern, int bytes, int scale, boolean signed, Kind kind) {

    /** What a format decodes to. */
    public enum Kind {
        BCD, DIGITS, DATE_WEEKDAY, TIME, DATE_TIME_MINUTES, DATE_TIME_SECONDS, MONTH_TIME, ASCII, BITS, HEX
    }

    public DataFormat {
        if (bytes < 1 || bytes > (kind == Kind.BCD ? 8 : 64)) {
            throw new IllegalArgumentException("format " + pattern + " has " + bytes + " bytes, outside 1.."
                    + (kind == Kind.BCD ? 8 : 64));
        }
        if (scale < 0 || (kind != Kind.BCD && (scale != 0 || signed))) {
            throw new IllegalArgumentException("only BCD numbers have a scale or sign: " + pattern);
        }
    }

    /** A BCD number format (the original constructor, kept for callers). */
    public DataFormat(String pattern, int bytes, int scale, boolean signed) {
        this(pattern, bytes, scale, signed, Kind.BCD);
    }

    public static DataFormat parse(String pattern) {
        switch (pattern) {
            case "YYMMDDWW": return new DataFormat(pattern, 4, 0, false, Kind.DATE_WEEKDAY);
            case "hhmmss": return new DataFormat(pattern, 3, 0, false, Kind.TIME);
            case "YYMMDDhhmm": return new DataFormat(pattern, 5, 0, false, Kind.DATE_TIME_MINUTES);
            case "YYMMDDhhmmss": return new DataFormat(pattern, 6, 0, false, Kind.DATE_TIME_SECONDS);
            case "MMDDhhmm": return new DataFormat(pattern, 4, 0, false, Kind.MONTH_TIME);
            default: break;
        }
        if (pattern.startsWith("ASCII")) {
            return new DataFormat(pattern, Integer.parseInt(pattern.substring(5)), 0, false, Kind.ASCII);
        }
        if (pattern.startsWith("HEX")) {
            return new DataFormat(pattern, Integer.parseInt(pattern.substring(3)), 0, false, Kind.HEX);
        }
        if (pattern.startsWith("BITS")) {
            int colon = pattern.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bit map format '" + pattern + "' lacks ':table'");
            }
            Dlt645StatusBits.table(pattern.substring(colon + 1));
            return new DataFormat(pattern, Integer.parseInt(pattern.substring(4, colon)), 0, false, Kind.BITS);
        }
        if (!pattern.isEmpty() && only(pattern, 'N')) {
            return new DataFormat(pattern, (pattern.length() + 1) / 2, 0, false, Kind.DIGITS);
        }
        boolean signed = pattern.startsWith("-");
        String p = signed ? pattern.substring(1) : pattern;
        int dot = p.indexOf('.');
        String x = dot < 0 ? p : p.substring(0, dot) + p.substring(dot + 1);
        int digits = x.length();
        if (digits == 0 || !only(x, 'X')) {
            throw new IllegalArgumentException("format '" + pattern + "' is neither X digits with an optional '.' nor a known layout");
        }
        // An odd count (1997's XXX volts) still takes whole bytes; the top nibble is 0.
        return new DataFormat(pattern, (digits + 1) / 2, dot < 0 ? 0 : p.length() - dot - 1, signed);
    }

    private static boolean only(String s, char c) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }

    /**
     * The largest unscaled magnitude this format can carry. A signed format keeps 3 bits of the top
     * digit, so its top digit runs to 7 (a power factor of 1.000 fits -X.XXX).
     */
    public long maxUnscaled() {
        long pow = 1;
        for (int i = 0; i < 2 * bytes - 1; i++) {
            pow *= 10;
        }
        return (signed ? 8 : 10) * pow - 1;
    }

    /** Reads one BCD number at {@code off}; data has 0x33 already removed. Returns null for all-FF (not available). */
    Long read(byte[] data, int off) {
        return allFf(data, off) ? null : readBcd(data, off);
    }

    /** The BCD number at {@code off}, not all FF; primitive so decoding boxes nothing. */
    private long readBcd(byte[] data, int off) {
        long v = Bcd.read(data, off, bytes, signed);
        if (v == Bcd.INVALID) {
            throw notBcd(data, off);
        }
        return v;
    }

    /** Writes {@code unscaled} at {@code off}, 0x33 not yet added. */
    void write(long unscaled, byte[] out, int off) {
        if (kind != Kind.BCD && kind != Kind.DIGITS) {
            throw new IllegalArgumentException("format " + pattern + " is not a number; encode a Dlt645Value instead");
        }
        long m = Math.abs(unscaled);
        if (unscaled == Long.MIN_VALUE || m > maxUnscaled() || (unscaled < 0 && !signed)) {
            throw new IllegalArgumentException("value " + unscaled + " does not fit format " + pattern
                    + " (largest magnitude " + maxUnscaled() + ")");
        }
        Bcd.write(m, unscaled < 0, out, off, bytes);
    }

    /** The error for a number that {@link Bcd#read} found invalid: names the first bad byte and the format. */
    private Dlt645Exception notBcd(byte[] data, int off) {
        int bad = Bcd.firstBadByte(data, off, bytes, signed);
        return new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in format %s",
                data[bad] & 0xFF, bad, pattern));
    }

    /** Decodes one value of this format at {@code off} (0x33 removed); never returns a half-built value. */
    Dlt645Value decode(String name, String quantity, String unit, byte[] data, int off) {
        if (kind == Kind.BCD) {
            // The common case (energy, power, voltage) kept small so that it inlines into the item loop.
            long v = Bcd.read(data, off, bytes, signed);
            if (v != Bcd.INVALID) {
                return new Dlt645Value.Number(name, quantity, v, scale, unit);
            }
            if (allFf(data, off)) {
                return new Dlt645Value.Missing(name, quantity);
            }
            throw notBcd(data, off);
        }
        return decodeOther(name, quantity, data, off);
    }

    private Dlt645Value decodeOther(String name, String quantity, byte[] data, int off) {
        if (kind != Kind.HEX && allFf(data, off)) {
            return new Dlt645Value.Missing(name, quantity);
        }
        switch (kind) {
            case DIGITS:
                return new Dlt645Value.Text(name, quantity, digits(data, off, bytes));
            case ASCII:
                return new Dlt645Value.Text(name, quantity, ascii(data, off));
            case HEX:
                return new Dlt645Value.Text(name, quantity, hexMsbFirst(data, off));
            case BITS: {
                int raw = 0;
                for (int i = bytes - 1; i >= 0; i--) {
                    raw = (raw << 8) | (data[off + i] & 0xFF);
                }
                List<String> set = Dlt645StatusBits.table(pattern.substring(pattern.indexOf(':') + 1)).names(raw);
                return new Dlt645Value.Flags(name, quantity, raw, set);
            }
            default:
                return decodeTime(name, quantity, data, off);
        }
    }

    private Dlt645Value decodeTime(String name, String quantity, byte[] data, int off) {
        boolean allZero = true;
        int[] u = new int[bytes];
        for (int i = 0; i < bytes; i++) {
            int b = data[off + i] & 0xFF;
            allZero &= b == 0;
            if ((b >>> 4) > 9 || (b & 0xF) > 9) {
                throw new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in %s",
                        b, off + i, pattern));
            }
            u[i] = (b >>> 4) * 10 + (b & 0xF);
        }
        // All zero is "no record yet" for anything with a date; a bare time of 00:00:00 is midnight.
        if (allZero && kind != Kind.TIME) {
            return new Dlt645Value.Missing(name, quantity, "no record (all zero)");
        }
        try {
            return switch (kind) {
                case DATE_WEEKDAY -> {
                    if (u[0] > 6) {
                        throw new DateTimeException("weekday " + u[0] + " is not 0 (Sunday)..6");
                    }
                    yield new Dlt645Value.Date(name, quantity, LocalDate.of(2000 + u[3], u[2], u[1]), u[0]);
                }
                case TIME -> new Dlt645Value.Time(name, quantity, LocalTime.of(u[2], u[1], u[0]));
                case DATE_TIME_MINUTES -> new Dlt645Value.DateTime(name, quantity,
                        LocalDateTime.of(2000 + u[4], u[3], u[2], u[1], u[0]));
                case DATE_TIME_SECONDS -> new Dlt645Value.DateTime(name, quantity,
                        LocalDateTime.of(2000 + u[5], u[4], u[3], u[2], u[1], u[0]));
                case MONTH_TIME -> {
                    LocalDateTime.of(2000, u[3], u[2], u[1], u[0]); // validates month/day/hour/minute
                    yield new Dlt645Value.Text(name, quantity, String.format("%02d-%02d %02d:%02d", u[3], u[2], u[1], u[0]));
                }
                default -> throw new IllegalStateException("not a time format: " + kind);
            };
        } catch (DateTimeException e) {
            throw new Dlt645Exception(Reason.BAD_VALUE, pattern + " at offset " + off + " is not a valid date/time: " + e.getMessage());
        }
    }

    /** Encodes {@code value} at {@code off} (0x33 not yet added). Missing becomes FF bytes. */
    void encode(Dlt645Value value, byte[] out, int off) {
        if (value instanceof Dlt645Value.Missing) {
            for (int i = 0; i < bytes; i++) {
                out[off + i] = (byte) 0xFF;
            }
            return;
        }
        switch (kind) {
            case BCD -> {
                Dlt645Value.Number n = cast(value, Dlt645Value.Number.class);
                if (n.scale() != scale) {
                    throw new IllegalArgumentException("value " + n + " has scale " + n.scale() + ", format " + pattern + " has " + scale);
                }
                write(n.unscaled(), out, off);
            }
            case DIGITS -> {
                String t = cast(value, Dlt645Value.Text.class).text();
                if (t.length() > 2 * bytes || !t.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("'" + t + "' is not up to " + 2 * bytes + " digits for " + pattern);
                }
                write(Long.parseLong(t.isEmpty() ? "0" : t), out, off);
            }
            case ASCII -> {
                byte[] a = cast(value, Dlt645Value.Text.class).text().getBytes(StandardCharsets.US_ASCII);
                if (a.length > bytes) {
                    throw new IllegalArgumentException("text of " + a.length + " characters exceeds " + pattern);
                }
                // Right-aligned as meters send it: NUL padding first on the wire, the first character last.
                for (int i = 0; i < bytes; i++) {
                    out[off + i] = i < bytes - a.length ? 0 : a[bytes - 1 - i];
                }
            }
            case HEX -> {
                byte[] h = HexFormat.of().parseHex(cast(value, Dlt645Value.Text.class).text());
                if (h.length != bytes) {
                    throw new IllegalArgumentException("hex of " + h.length + " bytes for " + pattern);
                }
                for (int i = 0; i < bytes; i++) {
                    out[off + i] = h[bytes - 1 - i];
                }
            }
            case BITS -> {
                int raw = cast(value, Dlt645Value.Flags.class).raw();
                for (int i = 0; i < bytes; i++) {
                    out[off + i] = (byte) (raw >>> (8 * i));
                }
            }
            case DATE_WEEKDAY -> {
                Dlt645Value.Date d = cast(value, Dlt645Value.Date.class);
                bcd(out, off, d.weekday(), d.date().getDayOfMonth(), d.date().getMonthValue(), d.date().getYear() - 2000);
            }
            case TIME -> {
                LocalTime t = cast(value, Dlt645Value.Time.class).time();
                bcd(out, off, t.getSecond(), t.getMinute(), t.getHour());
            }
            case DATE_TIME_MINUTES -> {
                LocalDateTime t = cast(value, Dlt645Value.DateTime.class).dateTime();
                bcd(out, off, t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
            }
            case DATE_TIME_SECONDS -> {
                LocalDateTime t = cast(value, Dlt645Value.DateTime.class).dateTime();
                bcd(out, off, t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
            }
            case MONTH_TIME -> {
                String t = cast(value, Dlt645Value.Text.class).text(); // MM-DD hh:mm
                bcd(out, off, Integer.parseInt(t.substring(9, 11)), Integer.parseInt(t.substring(6, 8)),
                        Integer.parseInt(t.substring(3, 5)), Integer.parseInt(t.substring(0, 2)));
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static <T extends Dlt645Value> T cast(Dlt645Value v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("value " + v + " is not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** Writes two-digit BCD units low unit first; years outside 2000..2099 do not fit. */
    static void bcd(byte[] out, int off, int... units) {
        Bcd.writeUnits(out, off, units);
    }

    private boolean allFf(byte[] data, int off) {
        for (int i = 0; i < bytes; i++) {
            if (data[off + i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private String digits(byte[] data, int off, int n) {
        StringBuilder sb = new StringBuilder(2 * n);
        for (int i = n - 1; i >= 0; i--) {
            int b = data[off + i] & 0xFF;
            if ((b >>> 4) > 9 || (b & 0xF) > 9) {
                throw new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not BCD in %s", b, off + i, pattern));
            }
            sb.append((char) ('0' + (b >>> 4))).append((char) ('0' + (b & 0xF)));
        }
        return sb.toString();
    }

    private String ascii(byte[] data, int off) {
        StringBuilder sb = new StringBuilder(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            int c = data[off + i] & 0xFF;
            if (c == 0) {
                continue; // NUL padding, either end
            }
            if (c < 0x20 || c > 0x7E) {
                throw new Dlt645Exception(Reason.BAD_VALUE, String.format("byte %02X at offset %d is not printable ASCII in %s", c, off + i, pattern));
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private String hexMsbFirst(byte[] data, int off) {
        StringBuilder sb = new StringBuilder(2 * bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            sb.append(String.format("%02X", data[off + i] & 0xFF));
        }
        return sb.toString();
    }
}
