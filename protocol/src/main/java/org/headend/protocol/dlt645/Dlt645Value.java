package org.headend.protocol.dlt645;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * One decoded value of a data item, named as in the catalogue. Immutable.
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
        public Number {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unit, "unit");
            if (scale < 0 || scale > 18) {
                throw new IllegalArgumentException("scale " + scale + " of " + name + " is outside 0..18");
            }
        }

        public double doubleValue() {
            return unscaled / Math.pow(10, scale);
        }

        public BigDecimal decimalValue() {
            return BigDecimal.valueOf(unscaled, scale);
        }
    }

    /**
     * The value is not available: the meter sent FF bytes (e.g. phase B of a single-phase meter,
     * §1.6) or an all-zero date meaning "no record yet". {@code note} says which.
     */
    record Missing(String name, String quantity, String note) implements Dlt645Value {
        public static final String NOT_AVAILABLE = "not available (FF)";

        public Missing {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(note, "note");
        }

        public Missing(String name, String quantity) {
            this(name, quantity, NOT_AVAILABLE);
        }
    }

    /** Text: ASCII fields (already put back in reading order), digit strings such as meter numbers, opaque hex. */
    record Text(String name, String quantity, String text) implements Dlt645Value {
        public Text {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A calendar date with its weekday as the meter counts it (0 = Sunday .. 6), e.g. 04000101 / C010. */
    record Date(String name, String quantity, LocalDate date, int weekday) implements Dlt645Value {
        public Date {
            Objects.requireNonNull(date, "date");
            if (weekday < 0 || weekday > 6) {
                throw new IllegalArgumentException("weekday " + weekday + " of " + name + " is outside 0..6");
            }
        }
    }

    /** A time of day, e.g. 04000102 / C011. */
    record Time(String name, String quantity, LocalTime time) implements Dlt645Value {
        public Time {
            Objects.requireNonNull(time, "time");
        }
    }

    /** A meter-local date and time (no zone on the wire), e.g. a maximum-demand time or event start. */
    record DateTime(String name, String quantity, LocalDateTime dateTime) implements Dlt645Value {
        public DateTime {
            Objects.requireNonNull(dateTime, "dateTime");
        }
    }

    /**
     * A bit map such as a meter status word (§1.8): {@code raw} as read (bit 0 = LSB) and the names of
     * what it says: set single bits by name, multi-bit fields as {@code field=value}.
     */
    record Flags(String name, String quantity, int raw, List<String> set) implements Dlt645Value {
        public Flags {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(quantity, "quantity");
            set = List.copyOf(set);
        }
    }
}
