package org.headend.protocol.dlt645;

import java.util.Collection;

/**
 * DI to item, open addressing over primitive keys. A {@code HashMap<Long, ?>} treeifies here:
 * DIs differ in a few bits of a few bytes, so Long's hash collides and lookups walk red-black
 * trees (seen with JMH -prof stack). A multiplicative mix spreads them; no boxing either.
 */
final class DataItemTable {

    private final long[] keys;
    private final DataItem[] values;
    private final int mask;

    DataItemTable(Collection<DataItem> items) {
        int cap = Integer.highestOneBit(Math.max(4, items.size() * 2)) << 1;
        keys = new long[cap];
        values = new DataItem[cap];
        mask = cap - 1;
        for (DataItem item : items) {
            int i = slot(item.id());
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = item.id();
            values[i] = item;
        }
    }

    DataItem get(long di) {
        int i = slot(di);
        DataItem v;
        while ((v = values[i]) != null) {
            if (keys[i] == di) {
                return v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private int slot(long di) {
        return (int) ((di * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
