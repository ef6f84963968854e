package org.headend.protocol.dlt645;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The values of one data item as a reply carried them: decoded and checked in full when the reply
 * was decoded, never later, and immutable. A {@code List<Dlt645Value>} equal to any list holding
 * the same records in the same order.
 *
 * <p>Why not a list of records: one record per value was most of what decoding a reply cost
 * (docs/performance.md, "DL/T 645 codec", issue 2). A BCD number is kept as its unscaled
 * {@code long} beside the catalogue's {@link DataItem.Element} that names it (name, quantity,
 * unit, scale); everything else (not available, text, dates, flags) is kept as its record.
 * {@link #get} makes a {@link Dlt645Value.Number} on each call; hot paths (the collector turning
 * replies into readings) read the same facts through {@link #isNumber}, {@link #unscaled},
 * {@link #scale}, {@link #doubleValue}, {@link #quantity} and {@link #unit} without allocating.
 */
public final class Dlt645Values extends AbstractList<Dlt645Value> implements RandomAccess {

    /** No values (an unknown DI, or the first part of a reply that continues in follow-up frames). */
    public static final Dlt645Values EMPTY = new Dlt645Values(null, null, new Dlt645Value[0], 0);

    /** Names the numbers: {@code item.elements().get(i)} describes value i; null when built from records. */
    private final DataItem item;
    /** The unscaled number of value i wherever {@code others[i]} is null; null when there is none. */
    private final long[] unscaled;
    /** The records of the values that are not numbers (or all of them when built from records); null when every value is a number. */
    private final Dlt645Value[] others;
    private final int size;

    /** Takes the arrays as they are: the caller filled them and never writes them again. */
    Dlt645Values(DataItem item, long[] unscaled, Dlt645Value[] others, int size) {
        if (size < 0 || (others == null && (item == null || unscaled == null || unscaled.length < size))
                || (others != null && others.length < size)) {
            throw new IllegalArgumentException("no storage for " + size + " values");
        }
        this.item = item;
        this.unscaled = unscaled;
        this.others = others;
        this.size = size;
    }

    /** {@code values} itself when it is already a {@code Dlt645Values}, else an immutable copy (no nulls, as {@code List.copyOf}). */
    public static Dlt645Values of(List<? extends Dlt645Value> values) {
        if (values instanceof Dlt645Values v) {
            return v;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        Dlt645Value[] copy = values.toArray(new Dlt645Value[0]);
        for (int i = 0; i < copy.length; i++) {
            Objects.requireNonNull(copy[i], "value " + i);
        }
        return new Dlt645Values(null, null, copy, copy.length);
    }

    @Override
    public Dlt645Value get(int index) {
        Dlt645Value v = record(index);
        return v != null ? v : number(index);
    }

    @Override
    public int size() {
        return size;
    }

    /** True when value {@code index} is a {@link Dlt645Value.Number} (false for a value the meter did not have). */
    public boolean isNumber(int index) {
        Dlt645Value v = record(index);
        return v == null || v instanceof Dlt645Value.Number;
    }

    /** The unscaled number of value {@code index}; fails unless {@link #isNumber}. */
    public long unscaled(int index) {
        Dlt645Value v = record(index);
        return v == null ? unscaled[index] : numberRecord(index, v).unscaled();
    }

    /** The decimals of value {@code index} (the value is {@code unscaled × 10^-scale}); fails unless {@link #isNumber}. */
    public int scale(int index) {
        Dlt645Value v = record(index);
        return v == null ? item.elements().get(index).format().scale() : numberRecord(index, v).scale();
    }

    /** The unit of value {@code index}; fails unless {@link #isNumber}. */
    public String unit(int index) {
        Dlt645Value v = record(index);
        return v == null ? item.elements().get(index).unit() : numberRecord(index, v).unit();
    }

    /** As {@link Dlt645Value.Number#doubleValue} of value {@code index}, bit for bit; fails unless {@link #isNumber}. */
    public double doubleValue(int index) {
        return unscaled(index) / Math.pow(10, scale(index));
    }

    /** The name of value {@code index}, as in the catalogue. */
    public String name(int index) {
        Dlt645Value v = record(index);
        return v == null ? item.elements().get(index).name() : v.name();
    }

    /** The quantity of value {@code index} ({@link Dlt645Value#quantity}). */
    public String quantity(int index) {
        Dlt645Value v = record(index);
        return v == null ? item.elements().get(index).quantity() : v.quantity();
    }

    /** The record kept for value {@code index}, or null when it is a number kept unscaled. */
    private Dlt645Value record(int index) {
        Objects.checkIndex(index, size);
        return others == null ? null : others[index];
    }

    private Dlt645Value.Number number(int index) {
        DataItem.Element e = item.elements().get(index);
        return new Dlt645Value.Number(e.name(), e.quantity(), unscaled[index], e.format().scale(), e.unit());
    }

    private static Dlt645Value.Number numberRecord(int index, Dlt645Value v) {
        if (v instanceof Dlt645Value.Number n) {
            return n;
        }
        throw new IllegalStateException("value " + index + " (" + v.name() + ") is not a number: " + v);
    }
}
