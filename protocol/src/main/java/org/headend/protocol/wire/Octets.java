package org.headend.protocol.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of bytes in wire order, for message parts a codec keeps as they came (unknown
 * data units, an embedded meter frame, a password): records can hold it and still compare by
 * content. The array is copied in and out.
 */
public final class Octets {

    public static final Octets EMPTY = new Octets(new byte[0]);

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final byte[] bytes;

    private Octets(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Octets of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
    }

    /** A copy of {@code length} bytes from {@code off}. */
    public static Octets of(byte[] bytes, int off, int length) {
        Objects.checkFromIndexSize(off, length, bytes.length);
        return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(bytes, off, off + length));
    }

    /** Parses hex, spaces allowed, wire order. */
    public static Octets ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    public int length() {
        return bytes.length;
    }

    /** One byte, 0..255. */
    public int get(int index) {
        return bytes[index] & 0xFF;
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code out} at {@code off}; returns the offset after them. */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(bytes, 0, out, off, bytes.length);
        return off + bytes.length;
    }

    /** Upper-case hex in wire order, no spaces. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
