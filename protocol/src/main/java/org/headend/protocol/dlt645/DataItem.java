package org.headend.protocol.dlt645;

import java.util.List;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;

/**
 * One entry of the data-identifier catalogue: a DI and the values its data carries.
 *
 * <p>A block item (a DI with FF, e.g. 0001FF00) lists its elements in order; a meter may send
 * fewer tariffs than listed, so decoding a block takes as many whole elements as the data holds.
 * Any other item must arrive whole.
 */
public record DataItem(Dlt645Edition edition, long id, String name, List<Element> elements) {

    /** One value within the item. */
    public record Element(String name, String quantity, DataFormat format, String unit) {
        public Element {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(quantity, "quantity");
            java.util.Objects.requireNonNull(format, "format");
            java.util.Objects.requireNonNull(unit, "unit");
        }
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
        int size = elements.size();
        Dlt645Value[] out = new Dlt645Value[size];
        int count = 0;
        int p = off, end = off + len;
        // Indexed loop over the immutable list: no iterator, and the array becomes the result as is.
        for (; count < size; count++) {
            Element e = elements.get(count);
            DataFormat f = e.format();
            int n = f.bytes();
            if (p + n > end) {
                break;
            }
            out[count] = f.decode(e.name(), e.quantity(), e.unit(), data, p);
            p += n;
        }
        if (count == 0 || p != end || (count < size && !acceptsFewer())) {
            throw badLength(len);
        }
        return new Dlt645ValueList(out, count);
    }

    private Dlt645Exception badLength(int len) {
        return new Dlt645Exception(Reason.BAD_LENGTH, idText() + " (" + name + ") carries " + length()
                + " bytes of values, got " + len);
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

    /**
     * Encodes values (one per element, in order; a block may stop early as meters do) to value
     * bytes, 0x33 not yet added. {@link Dlt645Value.Missing} becomes FF bytes.
     */
    public byte[] encodeValues(List<? extends Dlt645Value> values) {
        if (values.isEmpty() || values.size() > elements.size()) {
            throw new IllegalArgumentException(idText() + " has " + elements.size() + " values, got " + values.size());
        }
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            n += elements.get(i).format().bytes();
        }
        byte[] out = new byte[n];
        int p = 0;
        for (int i = 0; i < values.size(); i++) {
            DataFormat f = elements.get(i).format();
            f.encode(values.get(i), out, p);
            p += f.bytes();
        }
        return out;
    }

    /**
     * Whether a reply may carry fewer values than listed: blocks (a meter sends only the tariffs it
     * has) and items the catalogue names a block, such as the daily-freeze energy series 0506xxxx.
     */
    boolean acceptsFewer() {
        return isBlock() || name.contains("block");
    }

    /** True for a block read (a DI byte of FF, §1.6): all values of the block in one reply. */
    public boolean isBlock() {
        for (int i = 0; i < edition.dataIdLength(); i++) {
            if (((id >>> (8 * i)) & 0xFF) == 0xFF) {
                return true;
            }
        }
        return edition == Dlt645Edition.V1997 && (id & 0xF) == 0xF;
    }
}
