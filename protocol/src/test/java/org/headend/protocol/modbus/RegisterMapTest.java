package org.headend.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.headend.protocol.dlt645.DataItem;
import org.headend.protocol.dlt645.Dlt645Catalogue;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegisterMapTest {

    @ParameterizedTest
    @ValueSource(strings = {"sdm630", "dtsu666"})
    void builtInMapsStoreTheQuantitiesAndUnitsOfDlt645Meters(String name) {
        Map<String, String> catalogue = new HashMap<>();
        for (Dlt645Edition ed : Dlt645Edition.values()) {
            for (DataItem item : Dlt645Catalogue.standard().items(ed)) {
                item.elements().forEach(e -> catalogue.putIfAbsent(e.quantity(), e.unit() == null ? "" : e.unit()));
            }
        }
        RegisterMap map = RegisterMap.builtIn(name).orElseThrow();
        assertEquals(name, map.name());
        assertTrue(map.entry("energy.active.import.total").isPresent(), "the billing quantity is mapped");
        for (RegisterEntry e : map.entries()) {
            assertEquals(catalogue.get(e.quantity()), e.unit(), e.quantity() + " is a DL/T 645 quantity in the same unit");
        }
    }

    @Test
    void decodesThePublicSdmReplyThroughTheMap() {
        // MRT-003: 4088FA31 = 4.2805, the reply to a read of input registers 0x0008 (phase 2 current, MRT-002)
        RegisterMap sdm = RegisterMap.builtIn("sdm630").orElseThrow();
        List<MapValue> v = sdm.decode(RegisterTable.INPUT, 8, new int[] {0x4088, 0xFA31});
        assertEquals(1, v.size());
        assertEquals("current.b", v.get(0).quantity());
        assertEquals(4.280541, v.get(0).value(), 1e-6);
        assertEquals("A", v.get(0).unit());
        assertEquals(List.of(), sdm.decode(RegisterTable.HOLDING, 8, new int[] {0x4088, 0xFA31}), "wrong table, no values");
        assertEquals(List.of(), sdm.decode(RegisterTable.INPUT, 9, new int[] {0x4088, 0xFA31}), "half a float is no value");
    }

    @Test
    void scalesTheDtsuRegistersToTheStoredUnits() {
        RegisterMap dtsu = RegisterMap.builtIn("dtsu666").orElseThrow();
        RegisterEntry p = dtsu.entry("power.active.total").orElseThrow();
        int[] words = {0, 0};
        int[] w = p.encode(12.3456);   // kW, the meter holds 123456 (x0.1 W)
        assertEquals(123456f, Float.intBitsToFloat(w[0] << 16 | w[1]));
        assertEquals(12.3456, p.decode(w, 0), 1e-12);
        RegisterEntry u = dtsu.entry("voltage.a").orElseThrow();
        assertEquals(231.7, u.decode(u.encode(231.7), 0));
        assertEquals(0.0, u.decode(words, 0));
    }

    @Test
    void readsEveryEntryInBlocksNoLongerThanAllowed() {
        RegisterMap sdm = RegisterMap.builtIn("sdm630").orElseThrow();
        assertEquals(List.of(new ReadBlock(RegisterTable.INPUT, 0, 0x50), new ReadBlock(RegisterTable.INPUT, 0xE0, 2)), sdm.blocks(125));
        for (int max : new int[] {2, 3, 10, 40}) {
            List<ReadBlock> blocks = sdm.blocks(max);
            for (RegisterEntry e : sdm.entries()) {
                assertEquals(1, blocks.stream().filter(b -> b.table() == e.table() && b.start() <= e.register()
                        && e.end() <= b.start() + b.count()).count(), e.quantity() + " is read by one block of at most " + max);
            }
            blocks.forEach(b -> assertTrue(b.count() <= max));
        }
        RegisterMap dtsu = RegisterMap.builtIn("dtsu666").orElseThrow();
        assertEquals(List.of(new ReadBlock(RegisterTable.HOLDING, 0x101E, 12), new ReadBlock(RegisterTable.HOLDING, 0x2006, 0x40)),
                dtsu.blocks(125));
    }

    @Test
    void reportsEveryBadLineOfAUserMapAtOnce() {
        String text = """
                @map acrel-dtsd
                0x0000 input float32 ABCD 1 V voltage.a
                0x0001 input float32 ABCD 1 V voltage.b       # overlaps voltage.a
                0x0010 input float64 ABCD 1 V voltage.c
                0x0012 input int32 ABCD 1 mV current.a
                0x0014 input int32 ABCD 1 A
                0x0020 coils int16 ABCD 1 A current.b
                0x0022 input int16 ABCD 0 A current.c
                0x0024 input uint16 ABCD 1 V voltage.a
                """;
        ModbusException e = assertThrows(ModbusException.class, () -> RegisterMap.parse(text, "acrel.map"));
        assertEquals(ModbusException.Reason.BAD_MAP, e.reason());
        for (String expected : new String[] {"line 4: type 'float64'", "line 5: quantity current.a is stored in 'A'",
                "line 6: 6 fields", "line 7: table 'coils'", "line 8: scale was 0", "voltage.a appears twice",
                "voltage.b at 0x0001 overlaps voltage.a"}) {
            assertTrue(e.getMessage().contains(expected), expected + " in " + e.getMessage());
        }
        assertTrue(assertThrows(ModbusException.class, () -> RegisterMap.parse("0 input int16 ABCD 1 V voltage.a", "x"))
                .getMessage().contains("@map"));
    }

    @Test
    void aUserMapWithOtherTypesAndOrdersDecodes() {
        RegisterMap m = RegisterMap.parse("""
                @map my-meter
                @description word-swapped integers
                40001 holding uint32 CDAB 0.01 kWh energy.active.import.total
                40003 holding int16  ABCD 0.1  V   voltage.a
                40004 holding uint16 ABCD 1    -   meter.status_word    # not a DL/T 645 quantity: allowed
                """, "my.map");
        List<MapValue> v = m.decode(RegisterTable.HOLDING, 40001, new int[] {0x5678, 0x1234, 0xFF9C, 7});
        assertEquals(0x12345678L * 0.01, v.get(0).value(), 1e-6);
        assertEquals(-10.0, v.get(1).value());
        assertEquals(7.0, v.get(2).value());
    }

    @Property(tries = 3000)
    void registersToValueToRegisters(@ForAll("entries") RegisterEntry e, @ForAll("words") int[] w) {
        double v = e.decode(w, 0);
        if (Double.isNaN(v)) {
            return; // a NaN's payload bits are not a value
        }
        int[] back = e.encode(v);
        assertEquals(e.decode(back, 0), v);
        if (e.type() != RegisterType.FLOAT32 || v != 0) {
            // -0.0 and 0.0 store the same; otherwise every register comes back
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(w, e.words())), java.util.Arrays.toString(back));
        }
    }

    @Property(tries = 2000)
    void integerValuesRoundTripExactlyAndOutOfRangeIsRefused(@ForAll("entries") RegisterEntry e, @ForAll long raw) {
        if (e.type() == RegisterType.FLOAT32) {
            return;
        }
        double value = java.math.BigDecimal.valueOf(raw).multiply(java.math.BigDecimal.valueOf(e.scale())).doubleValue();
        try {
            int[] w = e.encode(value);
            assertEquals(value, e.decode(w, 0), Math.abs(value) * 1e-15);
        } catch (ModbusException x) {
            assertEquals(ModbusException.Reason.BAD_VALUE, x.reason());
            long min = e.type() == RegisterType.INT16 ? Short.MIN_VALUE : e.type() == RegisterType.INT32 ? Integer.MIN_VALUE : 0;
            long max = switch (e.type()) {
                case INT16 -> Short.MAX_VALUE;
                case UINT16 -> 0xFFFF;
                case INT32 -> Integer.MAX_VALUE;
                default -> 0xFFFFFFFFL;
            };
            assertTrue(raw < min || raw > max, raw + " fits " + e.type() + " but was refused");
        }
    }

    @Provide
    Arbitrary<RegisterEntry> entries() {
        return Combinators.combine(Arbitraries.of(RegisterType.values()), Arbitraries.of(WordOrder.values()),
                Arbitraries.of(1.0, 0.1, 0.01, 0.001, 0.0001, 10.0, -1.0), Arbitraries.of(RegisterTable.values()))
                .as((t, o, s, table) -> new RegisterEntry(0, table, t, o, s, "", "x.y"));
    }

    @Provide
    Arbitrary<int[]> words() {
        return Arbitraries.integers().between(0, 0xFFFF).array(int[].class).ofSize(2);
    }
}
