package org.headend.protocol.modbus;

import java.util.Locale;

/** How the raw bits of one value are read: integer widths with sign, or IEEE-754 float32. */
public enum RegisterType {
    INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

    private final int words;

    RegisterType(int words) {
        this.words = words;
    }

    /** Registers the value spans. */
    public int words() {
        return words;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The number held by {@code raw}, the value's bits with the high register's bits on top. */
    double fromBits(long raw) {
        return switch (this) {
            case INT16 -> (short) raw;
            case UINT16 -> raw & 0xFFFF;
            case INT32 -> (int) raw;
            case UINT32 -> raw & 0xFFFF_FFFFL;
            case FLOAT32 -> Float.intBitsToFloat((int) raw);
        };
    }

    /** The bits for {@code raw} (already divided by the scale); out of range is an error, never a silent wrap. */
    long toBits(double raw) {
        if (this == FLOAT32) {
            return Float.floatToRawIntBits((float) raw) & 0xFFFF_FFFFL;
        }
        if (!Double.isFinite(raw)) {
            throw new ModbusException(ModbusException.Reason.BAD_VALUE, raw + " is not a number " + label() + " can hold");
        }
        long v = Math.round(raw);
        long min = switch (this) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> 0;
        };
        long max = switch (this) {
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFF;
            case INT32 -> Integer.MAX_VALUE;
            default -> 0xFFFF_FFFFL;
        };
        if (v < min || v > max) {
            throw new ModbusException(ModbusException.Reason.BAD_VALUE, v + " does not fit " + label() + " (" + min + ".." + max + ")");
        }
        return words == 1 ? v & 0xFFFF : v & 0xFFFF_FFFFL;
    }

    static RegisterType parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type '" + s + "' is not int16, uint16, int32, uint32 or float32");
        }
    }
}
