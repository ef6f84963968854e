package org.headend.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fast decimal scaling agrees with BigDecimal arithmetic and keeps every float's identity. */
class DecimalsTest {

    @Test
    void readsAsThePersonWritesIt() {
        assertEquals(231.685, Decimals.scaled(231.685f, 1));
        assertEquals(231.7, Decimals.scaled(2317f, 0.1));
        assertEquals(231.7, Decimals.scaled(2317L, 0.1));
        assertEquals(12.3456, Decimals.scaled(123456f, 0.0001));
        assertEquals(-0.5, Decimals.scaled(-5L, 0.1));
        assertEquals(-231.7, Decimals.scaled(2317L, -0.1));
        assertEquals(7.5, Decimals.scaled(3L, 2.5));
        assertEquals(Double.NaN, Decimals.scaled(Float.NaN, 1));
    }

    @Property(tries = 5000)
    void floatsScaleLikeBigDecimalAndReadBack(@ForAll("floats") float f, @ForAll("scales") double scale) {
        double fast = Decimals.scaled(f, scale);
        double exact = new BigDecimal(Float.toString(f)).multiply(BigDecimal.valueOf(scale)).doubleValue();
        assertEquals(exact, fast, Math.abs(exact) * 1e-7, f + " x " + scale);
        assertEquals(f, (float) (fast / scale), f + " x " + scale + " reads back");
    }

    @Property(tries = 3000)
    void integersScaleLikeBigDecimal(@ForAll long raw, @ForAll("scales") double scale) {
        double exact = BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(scale)).doubleValue();
        assertEquals(exact, Decimals.scaled(raw, scale));
    }

    @Provide
    Arbitrary<Float> floats() {
        return Arbitraries.oneOf(Arbitraries.floats().between(-1e6f, 1e6f).ofScale(3).map(Float::valueOf),
                Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite));
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(1.0, 0.1, 0.01, 0.001, 0.0001, 1e-9, -1.0, 10.0, 2.5);
    }
}
