package org.headend.protocol.gw376;

/**
 * The time label Tp of the AUX tail (protocols.md §3.7): PFC (frame counter of the initiator),
 * send time ss mm hh DD (A.16, BCD) and the allowed transmission delay in minutes (0 = no check).
 * A terminal echoes the master's Tp in its reply.
 */
public record Gw376Tp(int pfc, int second, int minute, int hour, int day, int delayMinutes) {

    public Gw376Tp {
        check("PFC", pfc, 0, 255);
        check("second", second, 0, 59);
        check("minute", minute, 0, 59);
        check("hour", hour, 0, 23);
        check("day", day, 1, 31);
        check("delay", delayMinutes, 0, 255);
    }

    private static void check(String what, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("Tp " + what + " is " + lo + ".." + hi + ", got " + v);
        }
    }

    /** A Tp for a frame sent at {@code time} (seconds resolution). */
    public static Gw376Tp at(int pfc, java.time.LocalDateTime time, int delayMinutes) {
        return new Gw376Tp(pfc, time.getSecond(), time.getMinute(), time.getHour(), time.getDayOfMonth(), delayMinutes);
    }
}
