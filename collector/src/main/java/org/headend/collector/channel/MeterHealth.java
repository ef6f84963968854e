package org.headend.collector.channel;

import java.util.HashMap;
import java.util.Map;

/**
 * What one bus has learnt about its meters, so that a silent meter stops costing every cycle its
 * full timeout:
 * <ul>
 * <li>a reply timeout per meter from its observed round trips, TCP style (RFC 6298): smoothed
 *     round trip plus k mean deviations, between {@link Fairness#timeoutFloor()} and the bus's
 *     request timeout; a meter never heard starts from what the bus has seen of the others; each
 *     consecutive silence doubles it (a slow meter gets room, Karn's backoff);</li>
 * <li>after {@link Fairness#quarantineAfter()} consecutive silent polls the meter is quarantined:
 *     its scheduled polls are skipped at no bus time, except probes at doubling intervals from
 *     {@link Fairness#probeMin()} to {@link Fairness#probeMax()}; any reply frees it.</li>
 * </ul>
 * Confined to the bus's event loop. Times are {@link System#nanoTime()} values passed in, so tests
 * drive it with a clock of their own.
 */
public final class MeterHealth {

    /** What the bus does with a meter's job when it reaches the head of the queue. */
    public enum Turn {
        /** Ask the meter. */
        READ,
        /** Ask a quarantined meter, because its probe is due. */
        PROBE,
        /** Quarantined and no probe due: end the job at once, no bus time. */
        SKIP
    }

    private static final int MAX_DOUBLINGS = 4;

    private static final class State {
        long srtt = -1;
        long rttvar;
        int silences;
        boolean quarantined;
        int probes;
        long probeAt;
    }

    private final Fairness fairness;
    private final long floor;
    private final long ceiling;
    private final Map<Long, State> meters = new HashMap<>();
    /** Round trips of every meter of the bus together: the first guess for a meter never heard. */
    private final State bus = new State();
    private int quarantined;

    /** @param ceilingNanos the bus's request timeout: no reply wait is longer */
    public MeterHealth(Fairness fairness, long ceilingNanos) {
        this.fairness = fairness;
        this.ceiling = ceilingNanos;
        this.floor = Math.min(fairness.timeoutFloor().toNanos(), ceilingNanos);
    }

    public Turn turn(long meter, long now) {
        State s = meters.get(meter);
        if (s == null || !s.quarantined) {
            return Turn.READ;
        }
        return now - s.probeAt >= 0 ? Turn.PROBE : Turn.SKIP;
    }

    /** How long to wait for this meter's next reply. */
    public long timeoutNanos(long meter) {
        State s = meters.get(meter);
        State basis = s != null && s.srtt >= 0 ? s : bus;
        if (basis.srtt < 0) {
            return ceiling; // nothing heard on this bus yet
        }
        long t = Math.max(floor, basis.srtt + fairness.deviations() * basis.rttvar);
        int doublings = s == null ? 0 : Math.min(s.silences, MAX_DOUBLINGS);
        return Math.min(ceiling, t << doublings);
    }

    /** The meter answered (any whole frame from it, even an error reply) after {@code rttNanos}. */
    public void replied(long meter, long rttNanos) {
        State s = meters.computeIfAbsent(meter, m -> new State());
        sample(s, rttNanos);
        sample(bus, rttNanos);
        heard(s);
    }

    /** The meter answered, but its round trip is no good as a sample (a reply to a retried request). */
    public void heard(long meter) {
        heard(meters.computeIfAbsent(meter, m -> new State()));
    }

    private void heard(State s) {
        s.silences = 0;
        if (s.quarantined) {
            s.quarantined = false;
            s.probes = 0;
            quarantined--;
        }
    }

    /**
     * The meter let its timeout pass at {@code now}.
     *
     * @return true when this silence put it in quarantine
     */
    public boolean silent(long meter, long now) {
        State s = meters.computeIfAbsent(meter, m -> new State());
        s.silences++;
        if (s.quarantined) {
            s.probes++;
            s.probeAt = now + probeDelay(s.probes);
            return false;
        }
        if (fairness.quarantineAfter() > 0 && s.silences >= fairness.quarantineAfter()) {
            s.quarantined = true;
            s.probes = 0;
            s.probeAt = now + probeDelay(0);
            quarantined++;
            return true;
        }
        return false;
    }

    public boolean isQuarantined(long meter) {
        State s = meters.get(meter);
        return s != null && s.quarantined;
    }

    /** Meters now in quarantine. */
    public int quarantined() {
        return quarantined;
    }

    /** probeMin x 2^probes, capped at probeMax. */
    private long probeDelay(int probes) {
        long min = fairness.probeMin().toNanos();
        long max = fairness.probeMax().toNanos();
        if (probes >= Long.numberOfLeadingZeros(min) - 1) {
            return max; // min x 2^probes would not fit in a long
        }
        return Math.min(max, min << probes);
    }

    /** RFC 6298 §2: first sample sets srtt = r, rttvar = r/2; then gains 1/8 and 1/4. */
    private static void sample(State s, long r) {
        if (s.srtt < 0) {
            s.srtt = r;
            s.rttvar = r / 2;
        } else {
            s.rttvar += (Math.abs(s.srtt - r) - s.rttvar) / 4;
            s.srtt += (r - s.srtt) / 8;
        }
    }
}
