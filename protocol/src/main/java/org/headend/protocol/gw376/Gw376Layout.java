package org.headend.protocol.gw376;

import java.util.List;

/**
 * Which content a data unit has, by AFN, direction and Fn (protocols.md §3.8): the table that
 * tells the decoder how many bytes a unit takes. A combination not listed has no layout
 * ({@code null}): its unit keeps the rest of the data area raw, since 1376.1 units carry no
 * length of their own.
 */
record Gw376Layout(Kind kind, int stamp, List<SeriesSpec> series) {

    enum Kind {
        /** No data. */
        NONE,
        /** A.1, 6 bytes. */
        CLOCK,
        /** Heartbeat: nothing, or the terminal clock as A.1 [THW]. */
        HEARTBEAT,
        /** A.20 td_d. */
        DAY,
        /** A.21 td_m. */
        MONTH,
        /** [td] A.15 M (M+1)×series. */
        ENERGY,
        /** 00 F3: AFN then (DA DT ERR)×n to the end. */
        ACKS,
        /** 0E request: Pm Pn. */
        EVENT_QUERY,
        /** 0E reply: EC1 EC2 Pm Pn (ERC Le content)×n to the end. */
        EVENTS,
        /** 10 F1 down: port, control, timeouts, length (2), frame. */
        FORWARD_REQUEST,
        /** 10 F1 up ⚠: port, length (2), frame. */
        FORWARD_REPLY
    }

    /** One energy register of an energy layout: A.14 (5 bytes, 4 decimals, kWh) or A.11 (4, 2, kvarh). */
    record SeriesSpec(String quantity, String unit, int bytes, int scale) {
        static SeriesSpec of(String quantity) {
            return quantity.startsWith("energy.active") ? new SeriesSpec(quantity, "kWh", 5, 4) : new SeriesSpec(quantity, "kvarh", 4, 2);
        }
    }

    static final int DAY_STAMP = 3;
    static final int MONTH_STAMP = 2;

    private static final Gw376Layout NO_DATA = new Gw376Layout(Kind.NONE, 0, List.of());
    private static final List<SeriesSpec> FORWARD_ACTIVE = List.of(SeriesSpec.of("energy.active.import"));
    /** F33 / day-frozen F1: forward active, forward reactive, Q1, Q4. */
    private static final List<SeriesSpec> FORWARD_ALL = List.of(SeriesSpec.of("energy.active.import"),
            SeriesSpec.of("energy.reactive.import"), SeriesSpec.of("energy.reactive.q1"), SeriesSpec.of("energy.reactive.q4"));
    /** F34 / day-frozen F2: reverse active, reverse reactive, Q2, Q3. */
    private static final List<SeriesSpec> REVERSE_ALL = List.of(SeriesSpec.of("energy.active.export"),
            SeriesSpec.of("energy.reactive.export"), SeriesSpec.of("energy.reactive.q2"), SeriesSpec.of("energy.reactive.q3"));

    private static Gw376Layout of(Kind kind) {
        return kind == Kind.NONE ? NO_DATA : new Gw376Layout(kind, 0, List.of());
    }

    private static Gw376Layout energy(int stamp, List<SeriesSpec> series) {
        return new Gw376Layout(Kind.ENERGY, stamp, series);
    }

    /** The layout of unit Fn of a frame with {@code afn} going {@code up} (terminal to master), or null. */
    static Gw376Layout find(int afn, boolean up, int fn) {
        return switch (afn) {
            case 0x00 -> fn == 1 || fn == 2 ? NO_DATA : fn == 3 ? of(Kind.ACKS) : null;
            case 0x02 -> fn == 1 || fn == 2 || (fn == 3 && !up) ? NO_DATA : fn == 3 ? of(Kind.HEARTBEAT) : null;
            case 0x05 -> !up && fn == 31 ? of(Kind.CLOCK) : null;
            // Parameter queries name what they want; F10 ⚠ also selects meters by number, so its data stays raw.
            case 0x0A -> !up && fn != 10 ? NO_DATA : null;
            case 0x0C -> !up ? NO_DATA : class1(fn);
            case 0x0D -> class2(up, fn);
            case 0x0E -> fn == 1 || fn == 2 ? of(up ? Kind.EVENTS : Kind.EVENT_QUERY) : null;
            case 0x10 -> fn == 1 ? of(up ? Kind.FORWARD_REPLY : Kind.FORWARD_REQUEST) : null;
            default -> null;
        };
    }

    private static Gw376Layout class1(int fn) {
        return switch (fn) {
            case 2 -> of(Kind.CLOCK);
            case 33 -> energy(0, FORWARD_ALL);
            case 34 -> energy(0, REVERSE_ALL);
            case 129 -> energy(0, FORWARD_ACTIVE);
            default -> null;
        };
    }

    /** Day-frozen F1, F2, F161 carry td_d; month-frozen F17, F18, F177 carry td_m ⚠ (F161/F177 from one source). */
    private static Gw376Layout class2(boolean up, int fn) {
        int stamp = switch (fn) {
            case 1, 2, 161 -> DAY_STAMP;
            case 17, 18, 177 -> MONTH_STAMP;
            default -> 0;
        };
        if (stamp == 0) {
            return null;
        }
        if (!up) {
            return of(stamp == DAY_STAMP ? Kind.DAY : Kind.MONTH);
        }
        return energy(stamp, fn == 161 || fn == 177 ? FORWARD_ACTIVE : fn == 1 || fn == 17 ? FORWARD_ALL : REVERSE_ALL);
    }
}
