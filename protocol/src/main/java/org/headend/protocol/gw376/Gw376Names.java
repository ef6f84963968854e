package org.headend.protocol.gw376;

/** Names of the Fn this codec knows, per AFN (protocols.md §3.8); for descriptions only. */
final class Gw376Names {

    private Gw376Names() {
    }

    /** The name of Fn {@code fn} under {@code afn}, or null when not in the table. */
    static String of(int afn, int fn) {
        return switch (afn) {
            case 0x00 -> fn == 1 ? "all confirmed" : fn == 2 ? "all denied" : fn == 3 ? "confirm/deny per data unit" : null;
            case 0x02 -> fn == 1 ? "login" : fn == 2 ? "logout" : fn == 3 ? "heartbeat" : null;
            case 0x05 -> fn == 31 ? "set clock" : null;
            case 0x0C -> switch (fn) {
                case 2 -> "terminal calendar clock";
                case 25 -> "current power, power factor, voltage, current, apparent power";
                case 33 -> "current forward active/reactive, Q1/Q4 reactive energy (total, tariffs)";
                case 34 -> "current reverse active/reactive, Q2/Q3 reactive energy (total, tariffs)";
                case 129 -> "current forward active energy (total, tariffs)";
                case 167 -> "meter purchase/usage information";
                case 168 -> "meter settlement information";
                default -> null;
            };
            case 0x0D -> switch (fn) {
                case 1 -> "day-frozen forward active/reactive, Q1/Q4 reactive energy";
                case 2 -> "day-frozen reverse active/reactive, Q2/Q3 reactive energy";
                case 17 -> "month-frozen forward active/reactive, Q1/Q4 reactive energy";
                case 18 -> "month-frozen reverse active/reactive, Q2/Q3 reactive energy";
                case 161 -> "day-frozen forward active energy (total, tariffs)";
                case 177 -> "month-frozen forward active energy (total, tariffs)";
                default -> null;
            };
            case 0x0E -> fn == 1 ? "important events" : fn == 2 ? "normal events" : null;
            case 0x10 -> fn == 1 ? "transparent forwarding" : null;
            default -> null;
        };
    }
}
