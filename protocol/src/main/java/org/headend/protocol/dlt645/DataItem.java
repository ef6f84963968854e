package org.headend.protocol.dlt645;

import java.util.List;
import org.headend.protocol.dlt645.Dlt645Exception.Reason;
import org.headend.protocol.wire.Bcd;

/**
 * One entry of the data-identifier catalogue: a DI and the values its data carries.
 *
 * <p>A block item (a DI with FF, e.g. 0001FF00) lists its elements in order; a meter may send
 * fewer tariffs than listed, so decoding a block takes as many whole elements as the data holds.
 * Any other item must arrive whole.
 *
 * <p>A class with a record's accessors, equals, hashCode and toString rather than a record, so
 * that it can keep what {@link #decode} needs of each element (width, BCD or not, signed) in one
 * {@code int} per element: reading them through element and format records put four dependent
 * loads between one value and the next (issue 2, docs/performance.md).
 */
public final class DataItem {

    /** One value within the item. */
    public record Element(String name, String quantity, DataFormat format, String unit) {
        public Element {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(quantity, "quantity");
            java.util.Objects.requireNonNull(format, "format");
            java.util.Objects.requireNonNull(unit, "unit");
        }
    }

    /** In {@link #plan}: the element's width in bytes is the low byte; these bits say how to read it. */
    private static final int PLAN_BCD = 0x100;
    private static final int PLAN_SIGNED = 0x200;
    /** The plan of a 4-byte unsigned BCD number (XXXXXX.XX energy and the like). */
    private static final int UNSIGNED_4 = 4 | PLAN_BCD;

    private final Dlt645Edition edition;
    private final long id;
    private final String name;
    private final List<Element> elements;
    /** Per element: bytes | PLAN_BCD for a BCD number | PLAN_SIGNED for a signed one. */
    private final int[] plan;

    public DataItem(Dlt645Edition edition, long id, String name, List<Element> elements) {
        this.edition = edition;
        this.id = id;
        this.name = name;
        this.elements = List.copyOf(elements);
        if (this.elements.isEmpty()) {
            throw new IllegalArgumentException("data item " + Long.toHexString(id) + " has no elements");
        }
        this.plan = new int[this.elements.size()];
        for (int i = 0; i < plan.length; i++) {
            DataFormat f = this.elements.get(i).format();
            plan[i] = f.bytes() | (f.kind() == DataFormat.Kind.BCD ? PLAN_BCD : 0) | (f.signed() ? PLAN_SIGNED : 0);
        }
    }

    public Dlt645Edition edition() {
        return edition;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<Element> elements() {
        return elements;
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

    /**
     * Decodes the value bytes that follow the DI; {@code data} has 0x33 removed. Every value is read
     * and checked here; a BCD number is kept unscaled, without a record ({@link Dlt645Values}).
     */
    public Dlt645Values decode(byte[] data, int off, int len) {
        int size = plan.length;
        long[] unscaled = new long[size];
        Dlt645Value[] others = null;
        int count = 0;
        int p = off, end = off + len;
        for (; count < size; count++) {
            int k = plan[count];
            int n = k & 0xFF;
            // Two 4-byte unsigned numbers in a row (energy blocks, the most read items) in one step.
            if (k == UNSIGNED_4 && count + 1 < size && plan[count + 1] == UNSIGNED_4 && p + 8 <= end
                    && Bcd.readTwo(data, p, unscaled, count)) {
                count++;
                p += 8;
                continue;
            }
            if (p + n > end) {
                break;
            }
            long v = (k & PLAN_BCD) != 0 ? Bcd.read(data, p, n, (k & PLAN_SIGNED) != 0) : Bcd.INVALID;
            if (v != Bcd.INVALID) {
                unscaled[count] = v;
            } else {
                // Not available (FF), not a number, or a bad byte (decode throws): the value's record.
                if (others == null) {
                    others = new Dlt645Value[size];
                }
                Element e = elements.get(count);
                others[count] = e.format().decode(e.name(), e.quantity(), e.unit(), data, p);
            }
            p += n;
        }
        if (count == 0 || p != end || (count < size && !acceptsFewer())) {
            throw badLength(len);
        }
        return new Dlt645Values(this, unscaled, others, count);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof DataItem d && edition == d.edition && id == d.id && java.util.Objects.equals(name, d.name)
                && elements.equals(d.elements);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(edition, id, name, elements);
    }

    @Override
    public String toString() {
        return "DataItem[edition=" + edition + ", id=" + id + ", name=" + name + ", elements=" + elements + "]";
    }
}
