package org.headend.protocol.dlt645;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The immutable list of values that decoding returns. It wraps the array the decoder just filled
 * and nobody else holds, so {@code ReadReply} can keep it without {@code List.copyOf} copying and
 * null-checking every value again (the decode hot path, see docs/performance.md). Equal to any
 * {@code List} with the same values in the same order.
 */
final class Dlt645ValueList extends AbstractList<Dlt645Value> implements RandomAccess {

    private final Dlt645Value[] values;
    private final int size;

    /** Takes {@code values[0, size)}, which must be non-null and never written again. */
    Dlt645ValueList(Dlt645Value[] values, int size) {
        Objects.checkFromIndexSize(0, size, values.length);
        this.values = values;
        this.size = size;
    }

    @Override
    public Dlt645Value get(int index) {
        Objects.checkIndex(index, size);
        return values[index];
    }

    @Override
    public int size() {
        return size;
    }
}
