package org.headend.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one simulator run; immutable, validated as a whole (every failure reported at once).
 *
 * <table>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>meters</td><td>200</td><td>DL/T 645-2007 meters, 1..100000</td></tr>
 * <tr><td>gateways</td><td>4</td><td>RS-485-to-Ethernet gateways (buses), 1..1000; meters are split in contiguous blocks (more gateways than meters leaves some buses empty)</td></tr>
 * <tr><td>seed</td><td>1</td><td>same seed, same meters, same readings at the same clock instants, same fault decisions</td></tr>
 * <tr><td>host</td><td>127.0.0.1</td><td>address the gateways listen on</td></tr>
 * <tr><td>basePort</td><td>0</td><td>gateway i listens on basePort + i; 0 = an ephemeral port each</td></tr>
 * <tr><td>responseDelay</td><td>20 ms</td><td>meter turnaround Td after the request ends (protocols.md §1.1: 20..500 ms); 0 allowed for benchmarks</td></tr>
 * <tr><td>preamble</td><td>4</td><td>FE bytes before each reply, 0..4</td></tr>
 * <tr><td>pacing</td><td>false</td><td>when true, request and reply bytes take their wire time at {@code baud}, 11 bits per byte (§5)</td></tr>
 * <tr><td>baud</td><td>2400</td><td>bus line speed used for pacing, 300..115200</td></tr>
 * <tr><td>lateDelay</td><td>2 s</td><td>turnaround of a meter with the {@link MeterFault#LATE} fault, 1 ms..60 s</td></tr>
 * </table>
 */
public record SimulatorConfig(int meters, int gateways, long seed, String host, int basePort, Duration responseDelay,
                              int preamble, boolean pacing, int baud, Duration lateDelay) {

    public static final int DEFAULT_METERS = 200;
    public static final int DEFAULT_GATEWAYS = 4;
    public static final long DEFAULT_SEED = 1;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_RESPONSE_DELAY = Duration.ofMillis(20);
    public static final int DEFAULT_PREAMBLE = 4;
    public static final int DEFAULT_BAUD = 2400;
    public static final Duration DEFAULT_LATE_DELAY = Duration.ofSeconds(2);
    static final int MAX_METERS = 100_000;
    static final int MAX_GATEWAYS = 1_000;

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(responseDelay, "responseDelay");
        Objects.requireNonNull(lateDelay, "lateDelay");
        List<String> bad = new ArrayList<>();
        if (meters < 1 || meters > MAX_METERS) {
            bad.add("meters was " + meters + " but must be 1.." + MAX_METERS);
        }
        if (gateways < 1 || gateways > MAX_GATEWAYS) {
            bad.add("gateways was " + gateways + " but must be 1.." + MAX_GATEWAYS);
        }
        if (basePort != 0 && (basePort < 1 || basePort + gateways - 1 > 65535)) {
            bad.add("basePort was " + basePort + " but must be 0 (ephemeral) or leave room for " + gateways
                    + " ports below 65536");
        }
        if (responseDelay.isNegative() || responseDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            bad.add("responseDelay was " + responseDelay + " but must be 0..10 s");
        }
        if (preamble < 0 || preamble > 4) {
            bad.add("preamble was " + preamble + " but must be 0..4 FE bytes");
        }
        if (baud < 300 || baud > 115_200) {
            bad.add("baud was " + baud + " but must be 300..115200");
        }
        if (lateDelay.compareTo(Duration.ofMillis(1)) < 0 || lateDelay.compareTo(Duration.ofSeconds(60)) > 0) {
            bad.add("lateDelay was " + lateDelay + " but must be 1 ms..60 s");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("invalid simulator config: " + String.join("; ", bad));
        }
    }

    /** 200 meters on 4 gateways, seed 1, ephemeral ports, 20 ms turnaround, 4 FE, no pacing (2400 baud when on). */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_METERS, DEFAULT_GATEWAYS, DEFAULT_SEED, DEFAULT_HOST, 0,
                DEFAULT_RESPONSE_DELAY, DEFAULT_PREAMBLE, false, DEFAULT_BAUD, DEFAULT_LATE_DELAY);
    }

    public SimulatorConfig withMeters(int v) {
        return new SimulatorConfig(v, gateways, seed, host, basePort, responseDelay, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withGateways(int v) {
        return new SimulatorConfig(meters, v, seed, host, basePort, responseDelay, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withSeed(long v) {
        return new SimulatorConfig(meters, gateways, v, host, basePort, responseDelay, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withHost(String v) {
        return new SimulatorConfig(meters, gateways, seed, v, basePort, responseDelay, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withBasePort(int v) {
        return new SimulatorConfig(meters, gateways, seed, host, v, responseDelay, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withResponseDelay(Duration v) {
        return new SimulatorConfig(meters, gateways, seed, host, basePort, v, preamble, pacing, baud, lateDelay);
    }

    public SimulatorConfig withPreamble(int v) {
        return new SimulatorConfig(meters, gateways, seed, host, basePort, responseDelay, v, pacing, baud, lateDelay);
    }

    /** Turns pacing on at {@code v} baud. */
    public SimulatorConfig withPacing(int v) {
        return new SimulatorConfig(meters, gateways, seed, host, basePort, responseDelay, preamble, true, v, lateDelay);
    }

    public SimulatorConfig withoutPacing() {
        return new SimulatorConfig(meters, gateways, seed, host, basePort, responseDelay, preamble, false, baud, lateDelay);
    }

    public SimulatorConfig withLateDelay(Duration v) {
        return new SimulatorConfig(meters, gateways, seed, host, basePort, responseDelay, preamble, pacing, baud, v);
    }

    /** Wire time of one byte at {@link #baud()}: 11 bits (8E1, protocols.md §1.1, §5). */
    long byteNanos() {
        return 11L * 1_000_000_000L / baud;
    }
}
