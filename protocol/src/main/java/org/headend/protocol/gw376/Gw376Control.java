package org.headend.protocol.gw376;

/**
 * The control byte C (protocols.md §3.2): D7 DIR (1 = up, terminal to master), D6 PRM (1 = from the
 * initiating station), D5 FCB downlink / ACD uplink (events pending, EC in AUX), D4 FCV downlink,
 * D3..D0 function code. Kept as the byte so that reserved bits survive a round trip.
 */
public record Gw376Control(int value) {

    /** Master's reply to a link test (AFN 00 after a login/heartbeat): down, PRM 0, fn 11 link status. */
    public static final Gw376Control LINK_STATUS = new Gw376Control(0x0B);
    /** Master's confirm/deny of other frames: down, PRM 0, fn 0. */
    public static final Gw376Control MASTER_CONFIRM = new Gw376Control(0x00);
    /** Master's requests of level-1 data (AFN 04 settings, 05 control): down, PRM 1, fn 10. */
    public static final Gw376Control REQUEST_LEVEL1 = new Gw376Control(0x4A);
    /** Master's requests of level-2 data (AFN 0A, 0C, 0D, 0E, 10): down, PRM 1, fn 11. */
    public static final Gw376Control REQUEST_LEVEL2 = new Gw376Control(0x4B);
    /** Terminal's link test (login, heartbeat, logout): up, PRM 1, fn 9. */
    public static final Gw376Control LINK_TEST = new Gw376Control(0xC9);
    /** Terminal's user-data reply: up, PRM 0, fn 8. */
    public static final Gw376Control RESPONSE = new Gw376Control(0x88);
    /** Terminal's confirm: up, PRM 0, fn 0. */
    public static final Gw376Control TERMINAL_CONFIRM = new Gw376Control(0x80);
    /** Terminal's deny / no data: up, PRM 0, fn 9. */
    public static final Gw376Control TERMINAL_DENY = new Gw376Control(0x89);

    public Gw376Control {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("C is one byte, got " + value);
        }
    }

    public static Gw376Control of(boolean up, boolean primary, boolean bit5, boolean fcv, int function) {
        if (function < 0 || function > 15) {
            throw new IllegalArgumentException("function code is 0..15, got " + function);
        }
        return new Gw376Control((up ? 0x80 : 0) | (primary ? 0x40 : 0) | (bit5 ? 0x20 : 0) | (fcv ? 0x10 : 0) | function);
    }

    /** DIR = 1: terminal to master. */
    public boolean up() {
        return (value & 0x80) != 0;
    }

    /** PRM = 1: sent by the station that started the exchange. */
    public boolean primary() {
        return (value & 0x40) != 0;
    }

    /** Downlink FCB (frame count bit). */
    public boolean fcb() {
        return !up() && (value & 0x20) != 0;
    }

    /** Uplink ACD: important events wait; the frame carries EC. */
    public boolean acd() {
        return up() && (value & 0x20) != 0;
    }

    /** Downlink FCV (FCB valid). */
    public boolean fcv() {
        return !up() && (value & 0x10) != 0;
    }

    public int function() {
        return value & 0x0F;
    }

    /** The function's meaning for this PRM (§3.2), or "reserved". */
    public String functionName() {
        int f = function();
        if (primary()) {
            return switch (f) {
                case 1 -> "reset";
                case 4 -> "user data (no reply)";
                case 9 -> "link test";
                case 10 -> "request level-1 data";
                case 11 -> "request level-2 data";
                default -> "reserved";
            };
        }
        return switch (f) {
            case 0 -> "confirm";
            case 8 -> "response user data";
            case 9 -> "deny / no data requested";
            case 11 -> "link status";
            default -> "reserved";
        };
    }

    @Override
    public String toString() {
        return String.format("%02X", value);
    }
}
