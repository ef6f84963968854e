package org.headend.protocol.gw376;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.headend.protocol.wire.Octets;

/**
 * The content of one data unit (one Pn, one Fn), typed by AFN, Fn and direction
 * (protocols.md §3.8, formats §3.9). A unit whose layout this codec does not know is {@link Raw}
 * with its bytes kept; so is a known unit whose bytes do not fit its layout, with the problem
 * named. "No data" (EE bytes) in a value is an empty Optional.
 */
public sealed interface Gw376Data {

    /** A unit without data: requests of 0C, confirm/deny F1/F2, login, logout, a heartbeat without clock. */
    record None() implements Gw376Data {
    }

    None NONE = new None();

    /** Bytes kept as they came; {@code problem} is null for a layout we do not know, else why a known one failed. */
    record Raw(Octets bytes, String problem) implements Gw376Data {
        public Raw {
            Objects.requireNonNull(bytes, "bytes");
        }

        public static Raw of(byte... bytes) {
            return new Raw(Octets.of(bytes), null);
        }
    }

    /**
     * A.1 calendar clock (0C F2 reply, 05 F31 clock set, a heartbeat's optional clock): whole seconds,
     * {@code weekday} 1 = Monday .. 7 = Sunday, 0 = not given.
     */
    record Clock(LocalDateTime time, int weekday) implements Gw376Data {
        public Clock {
            Objects.requireNonNull(time, "time");
            if (weekday < 0 || weekday > 7 || time.getNano() != 0 || time.getYear() < 2000 || time.getYear() > 2099) {
                throw new IllegalArgumentException("A.1 clock is whole seconds in 2000..2099 with weekday 0..7, got "
                        + time + " weekday " + weekday);
            }
        }

        /** The clock with its weekday as A.1 counts it. */
        public static Clock of(LocalDateTime time) {
            return new Clock(time.withNano(0), time.getDayOfWeek().getValue());
        }
    }

    /** td_d (A.20): the day a 0D day-frozen request asks for. */
    record Day(LocalDate day) implements Gw376Data {
        public Day {
            Objects.requireNonNull(day, "day");
        }
    }

    /** td_m (A.21): the month a 0D month-frozen request asks for. */
    record Month(YearMonth month) implements Gw376Data {
        public Month {
            Objects.requireNonNull(month, "month");
        }
    }

    /**
     * Energy indications: 0C F129 (current forward active), 0C F33/F34, and their frozen versions
     * 0D F161/F177 and 0D F1/F2/F17/F18, which add {@code day} (td_d) or {@code month} (td_m).
     * {@code readTime} (A.15) is when the terminal read the meter. Each series holds total, T1..TM.
     */
    record Energy(Optional<LocalDate> day, Optional<YearMonth> month, Optional<LocalDateTime> readTime, int tariffs,
                  List<Series> series) implements Gw376Data {
        public Energy {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(readTime, "readTime");
            if (tariffs < 0 || tariffs > Gw376Limits.MAX_TARIFFS) {
                throw new IllegalArgumentException("tariff count M is 0.." + Gw376Limits.MAX_TARIFFS + ", got " + tariffs);
            }
            series = List.copyOf(series);
            for (Series s : series) {
                if (s.values().size() != tariffs + 1) {
                    throw new IllegalArgumentException(s.quantity() + " has " + s.values().size() + " values, M = "
                            + tariffs + " needs total + " + tariffs);
                }
            }
        }

        /** 0C F129 reply content: forward active energy read at {@code readTime}, {@code values} = total, T1..TM in kWh. */
        public static Energy current(LocalDateTime readTime, List<BigDecimal> values) {
            return forwardActive(Optional.empty(), readTime, values);
        }

        /** 0D F161 reply content: as {@link #current} for the day {@code day} froze. */
        public static Energy dayFrozen(LocalDate day, LocalDateTime readTime, List<BigDecimal> values) {
            return forwardActive(Optional.of(day), readTime, values);
        }

        private static Energy forwardActive(Optional<LocalDate> day, LocalDateTime readTime, List<BigDecimal> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an energy unit has at least the total");
            }
            List<Optional<BigDecimal>> v = values.stream().map(Optional::of).toList();
            return new Energy(day, Optional.empty(), Optional.of(readTime), values.size() - 1,
                    List.of(new Series("energy.active.import", "kWh", v)));
        }

        /** The total of the first series (forward active energy of F129/F161/F33/F1), empty for EE. */
        public Optional<BigDecimal> total() {
            return series.get(0).values().get(0);
        }
    }

    /** One register of an energy unit: {@code values} = total, T1..TM in {@code unit}; empty = EE (no data). */
    record Series(String quantity, String unit, List<Optional<BigDecimal>> values) {
        public Series {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unit, "unit");
            values = List.copyOf(values);
        }
    }

    /** 00 F3: confirm or deny per data unit of the frame with AFN {@code afn}. */
    record Acks(int afn, List<Ack> acks) implements Gw376Data {
        public Acks {
            if (afn < 0 || afn > 0xFF) {
                throw new IllegalArgumentException("AFN is one byte, got " + afn);
            }
            acks = List.copyOf(acks);
        }
    }

    /** One entry of 00 F3: the unit and its ERR (0 = correct; for a login reply 1 = other error, 2 = duplicate address). */
    record Ack(Gw376DataId id, int err) {
        public Ack {
            Objects.requireNonNull(id, "id");
            if (err < 0 || err > 0xFF) {
                throw new IllegalArgumentException("ERR is one byte, got " + err);
            }
        }

        public boolean ok() {
            return err == 0;
        }
    }

    /** 0E F1/F2 request ⚠: event records from pointer {@code start} (Pm) up to {@code end} (Pn). */
    record EventQuery(int start, int end) implements Gw376Data {
        public EventQuery {
            if ((start | end) >>> 8 != 0) {
                throw new IllegalArgumentException("Pm and Pn are bytes, got " + start + ", " + end);
            }
        }
    }

    /** 0E F1/F2 reply: event counters EC1/EC2, pointers Pm/Pn and the records. */
    record Events(int important, int normal, int start, int end, List<Gw376Event> records) implements Gw376Data {
        public Events {
            if ((important | normal | start | end) >>> 8 != 0) {
                throw new IllegalArgumentException("EC1, EC2, Pm and Pn are bytes");
            }
            records = List.copyOf(records);
        }
    }

    /**
     * 10 F1 downlink: forward {@code frame} (a DL/T 645 frame) to meter port {@code port}.
     * {@code control} is the port setting (D7..D5 baud index, D4 two stop bits, D3 parity on, D2 odd,
     * D1..D0 data bits − 5) ⚠; {@code frameTimeout} D7 = 1 seconds else ×10 ms, D6..D0 value ⚠;
     * {@code byteTimeout} in 10 ms ⚠.
     */
    record ForwardRequest(int port, int control, int frameTimeout, int byteTimeout, Octets frame) implements Gw376Data {
        private static final int[] BAUDS = {300, 600, 1200, 2400, 4800, 7200, 9600, 19200};

        public ForwardRequest {
            Objects.requireNonNull(frame, "frame");
            if ((port | control | frameTimeout | byteTimeout) >>> 8 != 0) {
                throw new IllegalArgumentException("port, control and timeouts are bytes");
            }
            if (frame.length() > Gw376Limits.MAX_FORWARD_LENGTH) {
                throw new IllegalArgumentException("forwarded frame of " + frame.length() + " bytes exceeds "
                        + Gw376Limits.MAX_FORWARD_LENGTH);
            }
        }

        /** A DL/T 645 port setting: {@code baud} 8E1, as meters on RS-485 run. */
        public static ForwardRequest dlt645(int port, int baud, Duration frameTimeout, Duration byteTimeout, byte[] frame) {
            int index = -1;
            for (int i = 0; i < BAUDS.length; i++) {
                if (BAUDS[i] == baud) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("baud " + baud + " is not one of 300..19200 of the port setting");
            }
            long s = frameTimeout.toSeconds();
            if (frameTimeout.toMillis() % 1000 != 0 || s < 1 || s > 127) {
                throw new IllegalArgumentException("frame timeout is 1..127 whole seconds, got " + frameTimeout);
            }
            long b = byteTimeout.toMillis() / 10;
            if (byteTimeout.toMillis() % 10 != 0 || b < 0 || b > 255) {
                throw new IllegalArgumentException("byte timeout is 0..2550 ms in steps of 10, got " + byteTimeout);
            }
            return new ForwardRequest(port, (index << 5) | 0x08 | 0x03, 0x80 | (int) s, (int) b, Octets.of(frame));
        }

        public int baud() {
            return BAUDS[control >>> 5];
        }

        /** "8E1" style: data bits, parity N/E/O, stop bits. */
        public String framing() {
            char parity = (control & 0x08) == 0 ? 'N' : (control & 0x04) != 0 ? 'O' : 'E';
            return (5 + (control & 0x03)) + String.valueOf(parity) + ((control & 0x10) != 0 ? 2 : 1);
        }

        public Duration frameTimeoutDuration() {
            int v = frameTimeout & 0x7F;
            return (frameTimeout & 0x80) != 0 ? Duration.ofSeconds(v) : Duration.ofMillis(10L * v);
        }

        public Duration byteTimeoutDuration() {
            return Duration.ofMillis(10L * byteTimeout);
        }
    }

    /** 10 F1 uplink ⚠: the meter's reply frame from port {@code port} (empty when the meter did not answer). */
    record ForwardReply(int port, Octets frame) implements Gw376Data {
        public ForwardReply {
            Objects.requireNonNull(frame, "frame");
            if (port >>> 8 != 0 || frame.length() > Gw376Limits.MAX_FORWARD_LENGTH) {
                throw new IllegalArgumentException("port is a byte and the frame at most " + Gw376Limits.MAX_FORWARD_LENGTH + " bytes");
            }
        }
    }
}
