package org.headend.collector.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Q/GDW 1376.1 front end ({@code concentrators} in YAML): where concentrators dial in, how their
 * sessions are kept and what is read through them (protocols.md §3.10, issue 5). Absent from the
 * file, the front end is off ({@link #OFF}); present, every key has the default below.
 *
 * @param enabled         whether the server runs
 * @param host            bind address of the server
 * @param port            TCP port concentrators dial (0 = any free port, for tests)
 * @param masterAddress   MSA of this master station in its requests, 1..127
 * @param heartbeatPeriod the terminals' heartbeat period; also how long a connection may wait before its login
 * @param idlePeriods     heartbeat periods without a heartbeat after which a session is closed
 * @param requestTimeout  time for a whole reply (all frames of a FIR/FIN reply) to one request
 * @param retries         times a request that timed out is sent again, with a new PSEQ
 * @param maxInFlight     requests outstanding per session at once (PSEQ has 16 numbers)
 * @param pointsPerRequest measurement points asked for in one 0C or 0D request
 * @param reads           how meters are read each cycle: {@code current} (0C F129), {@code forward} (10 F1 DL/T 645)
 * @param forwardPort     the concentrator's meter port used for 10 F1
 * @param forwardBaud     line speed of that port
 * @param clockDriftLimit terminal clock drift that is flagged
 * @param setClock        whether a drifting terminal clock is set (05 F31)
 * @param meterClockDriftLimit meter clock drift that is flagged (meter clocks are read, never set)
 * @param meterClockEvery how often each meter's clock is read through 10 F1 (0: never)
 * @param backfillDays    days back a missed daily reading is re-read (meters keep ~62)
 * @param loginsPerMinute logins accepted per source address and minute; more are refused
 * @param zone            the terminals' local time zone (A.1, A.15, A.20 are local times)
 */
public record ConcentratorSettings(boolean enabled, String host, int port, int masterAddress, Duration heartbeatPeriod,
                                   int idlePeriods, Duration requestTimeout, int retries, int maxInFlight,
                                   int pointsPerRequest, List<String> reads, int forwardPort, int forwardBaud,
                                   Duration clockDriftLimit, boolean setClock, Duration meterClockDriftLimit,
                                   Duration meterClockEvery, int backfillDays, int loginsPerMinute, ZoneId zone) {

    public static final String READ_CURRENT = "current";
    public static final String READ_FORWARD = "forward";
    static final Set<String> READS = Set.of(READ_CURRENT, READ_FORWARD);

    /** No concentrator server. */
    public static final ConcentratorSettings OFF = defaults(false);
    /** A server with every key at its default. */
    public static final ConcentratorSettings DEFAULTS = defaults(true);

    public ConcentratorSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(clockDriftLimit, "clockDriftLimit");
        Objects.requireNonNull(meterClockDriftLimit, "meterClockDriftLimit");
        Objects.requireNonNull(meterClockEvery, "meterClockEvery");
        Objects.requireNonNull(zone, "zone");
        reads = List.copyOf(reads);
    }

    private static ConcentratorSettings defaults(boolean on) {
        // 1376.1 masters commonly listen on a port of their own choice; 9001 is only a default
        return new ConcentratorSettings(on, "0.0.0.0", 9001, 1, Duration.ofMinutes(1), 3, Duration.ofSeconds(30), 1,
                4, 32, List.of(READ_CURRENT), 2, 2400, Duration.ofSeconds(5), false, Duration.ofSeconds(10), Duration.ofDays(1), 62, 30,
                ZoneId.of("+08:00"));
    }

    public boolean readsCurrent() {
        return reads.contains(READ_CURRENT);
    }

    public boolean readsForward() {
        return reads.contains(READ_FORWARD);
    }

    /** A session without a heartbeat for this long is closed. */
    public Duration idleTimeout() {
        return heartbeatPeriod.multipliedBy(idlePeriods);
    }

    public ConcentratorSettings withPort(String host, int port) {
        return new ConcentratorSettings(true, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit, meterClockEvery, backfillDays,
                loginsPerMinute, zone);
    }

    public ConcentratorSettings withSessions(Duration heartbeatPeriod, int idlePeriods, Duration requestTimeout, int retries) {
        return new ConcentratorSettings(enabled, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit, meterClockEvery, backfillDays,
                loginsPerMinute, zone);
    }

    public ConcentratorSettings withReads(List<String> reads) {
        return new ConcentratorSettings(enabled, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit, meterClockEvery, backfillDays,
                loginsPerMinute, zone);
    }

    public ConcentratorSettings withClock(Duration clockDriftLimit, boolean setClock) {
        return new ConcentratorSettings(enabled, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit, meterClockEvery, backfillDays,
                loginsPerMinute, zone);
    }

    public ConcentratorSettings withMeterClocks(Duration meterClockDriftLimit, Duration meterClockEvery) {
        return new ConcentratorSettings(enabled, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit,
                meterClockEvery, backfillDays, loginsPerMinute, zone);
    }

    public ConcentratorSettings withLoginsPerMinute(int loginsPerMinute) {
        return new ConcentratorSettings(enabled, host, port, masterAddress, heartbeatPeriod, idlePeriods, requestTimeout, retries,
                maxInFlight, pointsPerRequest, reads, forwardPort, forwardBaud, clockDriftLimit, setClock, meterClockDriftLimit, meterClockEvery, backfillDays,
                loginsPerMinute, zone);
    }

    /** Every problem, each naming the key under {@code concentrators.}. */
    void check(Problems p) {
        if (!enabled) {
            return;
        }
        String k = "concentrators.";
        p.notBlank(k + "host", host);
        p.range(k + "port", port, 0, 65535);
        p.range(k + "masterAddress", masterAddress, 1, 127);
        p.range(k + "heartbeatPeriod", heartbeatPeriod, Duration.ofMillis(100), Duration.ofHours(1));
        p.range(k + "idlePeriods", idlePeriods, 1, 100);
        p.range(k + "requestTimeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        p.range(k + "retries", retries, 0, 10);
        p.range(k + "maxInFlight", maxInFlight, 1, 8);
        p.range(k + "pointsPerRequest", pointsPerRequest, 1, 256);
        if (reads.isEmpty() || !READS.containsAll(reads) || reads.stream().distinct().count() != reads.size()) {
            p.add(k + "reads was " + reads + " but must list, without repeats, one or both of current, forward");
        }
        p.range(k + "forwardPort", forwardPort, 1, 31);
        if (!List.of(300, 600, 1200, 2400, 4800, 7200, 9600, 19200).contains(forwardBaud)) {
            p.add(k + "forwardBaud was " + forwardBaud + " but must be one of 300, 600, 1200, 2400, 4800, 7200, 9600, 19200");
        }
        p.range(k + "clockDriftLimit", clockDriftLimit, Duration.ofSeconds(1), Duration.ofHours(1));
        p.range(k + "meterClockDriftLimit", meterClockDriftLimit, Duration.ofSeconds(1), Duration.ofHours(1));
        if (!meterClockEvery.isZero() && (meterClockEvery.compareTo(Duration.ofMinutes(1)) < 0
                || meterClockEvery.compareTo(Duration.ofDays(31)) > 0)) {
            p.add(k + "meterClockEvery was " + DurationText.format(meterClockEvery) + " but must be 0s (never) or 1m..31d");
        }
        p.range(k + "backfillDays", backfillDays, 1, 62);
        p.range(k + "loginsPerMinute", loginsPerMinute, 1, 100_000);
    }
}
