package org.headend.protocol.modbus;

import java.util.Objects;

/**
 * One line of a register map: where a quantity lives and how its registers become a value.
 * {@code value = number(registers) × scale}, in {@code unit}.
 *
 * @param register first register, 0-based wire address (a document's 30001 or 40001 is 0)
 * @param unit     the unit of the scaled value; empty for a ratio (power factor)
 * @param quantity the stored quantity name, the same as DL/T 645 meters store (e.g. {@code energy.active.import.total})
 */
public record RegisterEntry(int register, RegisterTable table, RegisterType type, WordOrder order, double scale,
                            String unit, String quantity) {

    public RegisterEntry {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quantity, "quantity");
        if (register < 0 || register + type.words() > ModbusLimits.ADDRESS_SPACE) {
            throw new IllegalArgumentException("register " + register + " (" + type.words() + " words) is outside 0..65535");
        }
        if (!(scale != 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException("scale was " + scale + " but must be a finite non-zero number");
        }
        if (!quantity.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*")) {
            throw new IllegalArgumentException("quantity '" + quantity + "' must be lowercase words joined by dots");
        }
    }

    public int words() {
        return type.words();
    }

    /** One past the last register. */
    public int end() {
        return register + type.words();
    }

    /** The value held by {@code words[off..]} (wire order). A float register may hold NaN: the caller decides. */
    public double decode(int[] words, int off) {
        long bits = order.join(words, off, type.words());
        return type == RegisterType.FLOAT32 ? Decimals.scaled(Float.intBitsToFloat((int) bits), scale)
                : Decimals.scaled((long) type.fromBits(bits), scale);
    }

    /** The registers, in wire order, that hold {@code value}; the inverse of {@link #decode}. */
    public int[] encode(double value) {
        return order.split(type.toBits(value / scale), type.words());
    }
}
