package org.headend.protocol.dlt645;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of data-field bytes (0x33 removed), in wire order: written values, raw reply
 * data. Decoding wraps the frame's own array without copying; everything handed out is a copy.
 */
public final class Dlt645Bytes {

    public static final Dlt645Bytes EMPTY = new Dlt645Bytes(new byte[0], 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;

    private Dlt645Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A copy of {@code bytes}. */
    public static Dlt645Bytes of(byte... bytes) {
        return new Dlt645Bytes(Objects.requireNonNull(bytes, "bytes").clone(), 0, bytes.length);
    }

    /** Parses hex, spaces allowed, wire order. */
    public static Dlt645Bytes ofHex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return new Dlt645Bytes(b, 0, b.length);
    }

    /** Shares a range of an array nobody changes (a frame's data). */
    static Dlt645Bytes view(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        return length == 0 ? EMPTY : new Dlt645Bytes(array, offset, length);
    }

    public int length() {
        return length;
    }

    /** One byte, 0..255. */
    public int get(int index) {
        Objects.checkIndex(index, length);
        return array[offset + index] & 0xFF;
    }

    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    void copyTo(byte[] out, int off) {
        System.arraycopy(array, offset, out, off, length);
    }

    /** Upper-case hex in wire order, no spaces. */
    public String hex() {
        return HexFormat.of().withUpperCase().formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dlt645Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return hex();
    }
}
