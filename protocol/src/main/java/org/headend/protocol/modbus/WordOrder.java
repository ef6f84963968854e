package org.headend.protocol.modbus;

/**
 * Byte order of a 32-bit value over two registers, naming the value's bytes A (most significant)
 * to D as they appear on the wire. {@link #ABCD} is the Modbus convention (high word first,
 * Eastron, CHINT: protocols.md §4.2, §4.3); {@link #CDAB} ("word swapped") is common too.
 * One-register values ignore the word order except {@link #BADC}/{@link #DCBA}, which swap bytes.
 */
public enum WordOrder {
    ABCD, CDAB, BADC, DCBA;

    /** The value's bits from registers {@code w[off]} (and {@code w[off+1]}) as they came off the wire. */
    long join(int[] w, int off, int words) {
        if (words == 1) {
            int v = w[off];
            return swapsBytes() ? swap(v) : v;
        }
        int first = swapsBytes() ? swap(w[off]) : w[off];
        int second = swapsBytes() ? swap(w[off + 1]) : w[off + 1];
        boolean highFirst = this == ABCD || this == BADC;
        return highFirst ? ((long) first << 16) | second : ((long) second << 16) | first;
    }

    /** The registers carrying {@code bits}, in wire order. */
    int[] split(long bits, int words) {
        if (words == 1) {
            int v = (int) (bits & 0xFFFF);
            return new int[] {swapsBytes() ? swap(v) : v};
        }
        int high = (int) ((bits >>> 16) & 0xFFFF);
        int low = (int) (bits & 0xFFFF);
        boolean highFirst = this == ABCD || this == BADC;
        int first = highFirst ? high : low;
        int second = highFirst ? low : high;
        return swapsBytes() ? new int[] {swap(first), swap(second)} : new int[] {first, second};
    }

    private boolean swapsBytes() {
        return this == BADC || this == DCBA;
    }

    private static int swap(int w) {
        return ((w & 0xFF) << 8) | (w >>> 8);
    }

    static WordOrder parse(String s) {
        try {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("word order '" + s + "' is not ABCD, CDAB, BADC or DCBA");
        }
    }
}
