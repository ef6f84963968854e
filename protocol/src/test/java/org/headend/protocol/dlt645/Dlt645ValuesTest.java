package org.headend.protocol.dlt645;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The compact values of a reply (issue 2): the same facts as the records they stand for. */
class Dlt645ValuesTest {

    @Property(tries = 1500)
    void primitiveAccessorsSayWhatTheRecordsSay(@ForAll("decoded") Dlt645Values values) {
        List<Dlt645Value> records = new ArrayList<>(values);
        for (int i = 0; i < values.size(); i++) {
            Dlt645Value v = values.get(i);
            assertEquals(v, values.get(i), "the same record each time");
            assertEquals(v.name(), values.name(i));
            assertEquals(v.quantity(), values.quantity(i));
            assertEquals(v instanceof Dlt645Value.Number, values.isNumber(i));
            if (v instanceof Dlt645Value.Number n) {
                assertEquals(n.unscaled(), values.unscaled(i));
                assertEquals(n.scale(), values.scale(i));
                assertEquals(n.unit(), values.unit(i));
                assertEquals(Double.doubleToLongBits(n.doubleValue()), Double.doubleToLongBits(values.doubleValue(i)));
            } else {
                int at = i;
                assertThrows(IllegalStateException.class, () -> values.unscaled(at));
            }
        }
        // Equal to any list of the same records, both ways, with the same hash; a copy compacts nothing away.
        assertEquals(records, values);
        assertEquals(values, records);
        assertEquals(records.hashCode(), values.hashCode());
        Dlt645Values copy = Dlt645Values.of(records);
        assertEquals(values, copy);
        for (int i = 0; i < copy.size(); i++) {
            assertEquals(values.isNumber(i), copy.isNumber(i));
            assertEquals(values.quantity(i), copy.quantity(i));
            if (copy.isNumber(i)) {
                assertEquals(values.unscaled(i), copy.unscaled(i));
                assertEquals(values.unit(i), copy.unit(i));
            }
        }
        assertSame(values, Dlt645Values.of(values));
    }

    @Provide
    Arbitrary<Dlt645Values> decoded() {
        return Arbitraries.of(Dlt645MessageEncoderTest.catalogueItems()).flatMap(item ->
                Dlt645MessageEncoderTest.valuesFor(item).map(vs -> {
                    byte[] data = item.encodeValues(vs);
                    return item.decode(data, 0, data.length);
                }));
    }

    @Example
    void aPhaseTheMeterDoesNotHaveIsMissingBetweenNumbers() {
        // 0201FF00 voltage block of a single-phase meter: A 220.1 V, B and C FF FF.
        DataItem item = Dlt645Catalogue.standard().require(Dlt645Edition.V2007, 0x0201FF00L);
        byte[] data = HexFormat.of().parseHex("0122FFFFFFFF");
        Dlt645Values v = item.decode(data, 0, data.length);
        assertEquals(3, v.size());
        assertTrue(v.isNumber(0));
        assertEquals(2201, v.unscaled(0));
        assertEquals(1, v.scale(0));
        assertEquals("V", v.unit(0));
        assertFalse(v.isNumber(1));
        assertInstanceOf(Dlt645Value.Missing.class, v.get(2));
        assertThrows(IllegalStateException.class, () -> v.unit(2));
    }

    @Example
    void isImmutableAndChecksItsIndex() {
        Dlt645Values v = Dlt645Values.of(List.of(new Dlt645Value.Number("a", "energy.x", 1, 2, "kWh")));
        assertThrows(UnsupportedOperationException.class, () -> v.add(v.get(0)));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> v.unscaled(-1));
        assertThrows(NullPointerException.class, () -> Dlt645Values.of(java.util.Arrays.asList((Dlt645Value) null)));
        assertSame(Dlt645Values.EMPTY, Dlt645Values.of(List.of()));
    }
}
