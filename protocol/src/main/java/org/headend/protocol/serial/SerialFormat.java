package org.headend.protocol.serial;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How characters travel on one serial line: speed, data bits, parity, stop bits; written the way
 * meter manuals do, {@code 2400 8E1}.
 *
 * <p>A character on the wire is a start bit, the data bits, the parity bit if any and the stop bits
 * (protocols.md §1.1, §5): 11 bits at 8E1, 10 at 8N1, so 4.583 ms per byte at 2400 8E1.
 */
public record SerialFormat(int baud, int dataBits, Parity parity, int stopBits) {

    /** The DL/T 645 default in the field: 2400 bps, 8 data bits, even parity, 1 stop bit (protocols.md §1.1). */
    public static final SerialFormat DLT645 = new SerialFormat(2400, 8, Parity.EVEN, 1);
    /** The usual Modbus RTU meter setting: 9600 8N1 (protocols.md §4.1). */
    public static final SerialFormat MODBUS_RTU = new SerialFormat(9600, 8, Parity.NONE, 1);

    public static final int MIN_BAUD = 300;
    public static final int MAX_BAUD = 921_600;

    private static final Pattern TEXT = Pattern.compile("(\\d{3,6})[ -]?([5-8])([NEO])([12])");

    public enum Parity {
        NONE('N'), ODD('O'), EVEN('E');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        static Parity ofLetter(char c) {
            for (Parity p : values()) {
                if (p.letter == c) {
                    return p;
                }
            }
            throw new IllegalArgumentException("parity letter must be N, E or O, was " + c);
        }
    }

    public SerialFormat {
        Objects.requireNonNull(parity, "parity");
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
            throw new IllegalArgumentException("baud was " + baud + " but must be " + MIN_BAUD + ".." + MAX_BAUD);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits were " + dataBits + " but must be 5..8");
        }
        if (stopBits < 1 || stopBits > 2) {
            throw new IllegalArgumentException("stop bits were " + stopBits + " but must be 1 or 2");
        }
    }

    /**
     * Reads {@code 2400 8E1}, {@code 2400-8E1} or {@code 96008N1}-style text.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form or out of range
     */
    public static SerialFormat parse(String text) {
        Matcher m = TEXT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("serial format '" + text + "' must look like 2400 8E1 (baud, data bits, N/E/O, stop bits)");
        }
        return new SerialFormat(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Parity.ofLetter(m.group(3).charAt(0)), Integer.parseInt(m.group(4)));
    }

    /** Start bit, data bits, parity bit, stop bits. */
    public int bitsPerCharacter() {
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
    }

    /** Wire time of one character. */
    public long characterNanos() {
        return bitsPerCharacter() * 1_000_000_000L / baud;
    }

    /** Wire time of {@code n} characters. */
    public Duration wireTime(int n) {
        return Duration.ofNanos(n * characterNanos());
    }

    /** Manual style, e.g. {@code 2400 8E1}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return baud + " " + dataBits + parity.letter + stopBits;
    }
}
