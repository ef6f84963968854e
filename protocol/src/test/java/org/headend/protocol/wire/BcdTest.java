package org.headend.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The two-at-once read says what two single reads say (issue 2). */
class BcdTest {

    @Property(tries = 3000)
    void readTwoIsTwoReadsOrNothing(@ForAll("eightBytes") byte[] data) {
        long first = Bcd.read(data, 0, 4, false);
        long second = Bcd.read(data, 4, 4, false);
        long[] out = {-7, -7, -7, -7};
        boolean ok = Bcd.readTwo(data, 0, out, 1);
        assertEquals(first != Bcd.INVALID && second != Bcd.INVALID, ok);
        assertArrayEquals(ok ? new long[] {-7, first, second, -7} : new long[] {-7, -7, -7, -7}, out);
    }

    /** Mostly valid BCD (the path that must be exact), sometimes any byte, sometimes FF. */
    @Provide
    Arbitrary<byte[]> eightBytes() {
        Arbitrary<Byte> bcd = Arbitraries.integers().between(0, 99).map(v -> (byte) (((v / 10) << 4) | (v % 10)));
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> b = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, bcd), net.jqwik.api.Tuple.of(1, any),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((byte) 0xFF)));
        return b.array(byte[].class).ofSize(8);
    }
}
