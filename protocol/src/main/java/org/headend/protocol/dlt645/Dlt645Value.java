package org.headend.protocol.dlt645;

import java.math.BigDecimal;

/**
 * One decoded value of a data item, named as in the catalogue.
 *
 * <p>{@code quantity} is a stable, protocol-neutral key (for example
 * {@code energy.active.import.total}) that storage and reports use, so that a reading from a
 * DL/T 645 meter and one from a Modbus meter land under the same name.
 */
public sealed interface Dlt645Value {

    String name();

    String quantity();

    /** A BCD number: {@code unscaled × 10^-scale} in {@code unit}; exact, no floating point on the wire side. */
    record Number(String name, String quantity, long unscaled, int scale, String unit) implements Dlt645Value {
        public double doubleValue() {
            return unscaled / Math.pow(10, scale);
        }

        public BigDecimal decimalValue() {
            return BigDecimal.valueOf(unscaled, scale);
        }
    }

    /** The meter sent FF bytes (or EE): the value is not available, e.g. phase B of a single-phase meter. */
    record Missing(String name, String quantity) implements Dlt645Value {
    }

    /** Anything that is not a number: dates, times, ASCII fields, addresses, status words (rendered). */
    record Text(String name, String quantity, String text) implements Dlt645Value {
    }
}
