package org.headend.protocol.dlt645;

import java.util.ArrayList;
import java.util.List;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * One entry of the data-identifier catalogue: a DI and the values its data carries.
 *
 * <p>A block item (a DI with FF, e.g. 0001FF00) lists its elements in order; a meter may send
 * fewer tariffs than listed, so decoding takes as many whole elements as the data holds.
 */
public record DataItem(Dlt645Edition edition, long id, String name, List<Element> elements) {

    /** One value within the item. */
    public record Element(String name, String quantity, DataFormat format, String unit) {
    }

    public DataItem {
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("data item " + Long.toHexString(id) + " has no elements");
        }
    }

    /** Bytes of the full value part (without the DI). */
    public int length() {
        int n = 0;
        for (Element e : elements) {
            n += e.format().bytes();
        }
        return n;
    }

    public String idText() {
        return edition.formatDataId(id);
    }

    /** Decodes the value bytes that follow the DI; {@code data} has 0x33 removed. */
    public List<Dlt645Value> decode(byte[] data, int off, int len) {
        List<Dlt645Value> out = new ArrayList<>(elements.size());
        int p = off, end = off + len;
        for (Element e : elements) {
            int n = e.format().bytes();
            if (p + n > end) {
                break;
            }
            Long v = e.format().read(data, p);
            out.add(v == null ? new Dlt645Value.Missing(e.name(), e.quantity())
                    : new Dlt645Value.Number(e.name(), e.quantity(), v, e.format().scale(), e.unit()));
            p += n;
        }
        if (out.isEmpty() || p != end) {
            throw new Dlt645Exception(Reason.BAD_LENGTH, idText() + " (" + name + ") carries " + length()
                    + " bytes of values, got " + len);
        }
        return out;
    }

    /** Encodes unscaled values (one per element, in order) to value bytes, 0x33 not yet added. */
    public byte[] encode(long... unscaled) {
        if (unscaled.length != elements.size()) {
            throw new IllegalArgumentException(idText() + " has " + elements.size() + " values, got " + unscaled.length);
        }
        byte[] out = new byte[length()];
        int p = 0;
        for (int i = 0; i < unscaled.length; i++) {
            DataFormat f = elements.get(i).format();
            f.write(unscaled[i], out, p);
            p += f.bytes();
        }
        return out;
    }
}
