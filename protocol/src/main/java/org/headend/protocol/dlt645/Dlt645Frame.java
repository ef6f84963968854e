package org.headend.protocol.dlt645;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One DL/T 645 link frame: address, control code and the data field with the 0x33 scrambling
 * already removed. Immutable: the data array is copied in and out.
 *
 * <p>Framing (68, address, 68, C, L, CS, 16, FE preamble) is the codec's business; this class
 * only holds what the frame says.
 */
public final class Dlt645Frame {

    private final Dlt645Address address;
    private final ControlCode control;
    private final byte[] data;

    public Dlt645Frame(Dlt645Address address, ControlCode control, byte[] data) {
        this(address, control, Objects.requireNonNull(data, "data").clone(), true);
    }

    /** For the codec, which hands over a fresh array it never touches again. */
    Dlt645Frame(Dlt645Address address, ControlCode control, byte[] data, boolean owned) {
        this.address = Objects.requireNonNull(address, "address");
        this.control = Objects.requireNonNull(control, "control");
        if (data.length > Dlt645Limits.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("data field of " + data.length + " bytes exceeds the limit of "
                    + Dlt645Limits.MAX_DATA_LENGTH);
        }
        this.data = data;
    }

    public Dlt645Address address() {
        return address;
    }

    public ControlCode control() {
        return control;
    }

    /** A copy of the data field, 0x33 removed. */
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** One byte of the data field (0x33 removed), 0..255. */
    public int dataByte(int index) {
        return data[index] & 0xFF;
    }

    /** The data identifier at the start of the data field, most significant byte first as printed. */
    public long dataId(Dlt645Edition edition) {
        int n = edition.dataIdLength();
        if (data.length < n) {
            throw new Dlt645Exception(Dlt645Exception.Reason.TRUNCATED,
                    "data field of " + data.length + " bytes has no " + n + "-byte data identifier");
        }
        long di = 0;
        for (int i = n - 1; i >= 0; i--) {
            di = (di << 8) | (data[i] & 0xFF);
        }
        return di;
    }

    /** Shares the data array with package code that promises not to change it (decoders, hot path). */
    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dlt645Frame f && address.equals(f.address) && control.equals(f.control)
                && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * address.hashCode() + control.hashCode()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Dlt645Frame[address=" + address + ", control=" + control + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
