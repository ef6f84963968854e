package org.headend.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the simulated concentrators (Q/GDW 1376.1 terminals that dial in to the collector).
 *
 * <table>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>concentrators</td><td>4</td><td>terminals, 1..65535</td></tr>
 * <tr><td>metersPerConcentrator</td><td>32</td><td>meters behind each (points p1..pN), 1..2040</td></tr>
 * <tr><td>seed</td><td>1</td><td>same seed, same meters</td></tr>
 * <tr><td>masterHost / masterPort</td><td>127.0.0.1 / 9001</td><td>where the collector's concentrator server listens</td></tr>
 * <tr><td>region</td><td>0x1000</td><td>A1 of every terminal; A2 = firstTerminal + i</td></tr>
 * <tr><td>heartbeat</td><td>1 min</td><td>heartbeat period</td></tr>
 * <tr><td>reconnectMin / reconnectMax</td><td>200 ms / 30 s</td><td>backoff between dial attempts, doubling, with jitter</td></tr>
 * <tr><td>maxUserData</td><td>1024</td><td>largest user data of one reply frame; longer replies go in several (FIR/FIN)</td></tr>
 * <tr><td>slowDelay</td><td>5 s</td><td>answer delay under {@link ConcentratorFault#SLOW}</td></tr>
 * <tr><td>historyDays</td><td>0</td><td>days of daily frozen data the terminals hold at start (they keep at most 62)</td></tr>
 * <tr><td>sourceAddresses</td><td>none</td><td>local addresses to dial from, round robin (e.g. 127.0.0.2..), for many connections</td></tr>
 * </table>
 */
public record ConcentratorFleetConfig(int concentrators, int metersPerConcentrator, long seed, String masterHost, int masterPort,
                                      int region, int firstTerminal, Duration heartbeat, Duration reconnectMin,
                                      Duration reconnectMax, int maxUserData, Duration slowDelay, int historyDays,
                                      List<String> sourceAddresses) {

    public static final int MAX_DAYS = 62;

    public ConcentratorFleetConfig {
        Objects.requireNonNull(masterHost, "masterHost");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(slowDelay, "slowDelay");
        sourceAddresses = List.copyOf(sourceAddresses);
        List<String> bad = new ArrayList<>();
        if (concentrators < 1 || firstTerminal < 1 || firstTerminal + concentrators - 1 > 0xFFFF) {
            bad.add("concentrators " + concentrators + " from terminal " + firstTerminal + " must stay within A2 1..65535");
        }
        if (metersPerConcentrator < 1 || metersPerConcentrator > 2040) {
            bad.add("metersPerConcentrator was " + metersPerConcentrator + " but must be 1..2040");
        }
        if (masterPort < 1 || masterPort > 65535) {
            bad.add("masterPort was " + masterPort + " but must be 1..65535");
        }
        if (region < 0 || region > 0xFFFF) {
            bad.add("region must be 4 hex digits");
        }
        if (heartbeat.toMillis() < 10 || reconnectMin.toMillis() < 1 || reconnectMax.compareTo(reconnectMin) < 0) {
            bad.add("heartbeat must be at least 10 ms and reconnectMin <= reconnectMax");
        }
        if (maxUserData < 64 || maxUserData > 16383) {
            bad.add("maxUserData was " + maxUserData + " but must be 64..16383");
        }
        if (historyDays < 0 || historyDays > MAX_DAYS) {
            bad.add("historyDays was " + historyDays + " but must be 0.." + MAX_DAYS);
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", bad));
        }
    }

    public static ConcentratorFleetConfig defaults() {
        return new ConcentratorFleetConfig(4, 32, 1, "127.0.0.1", 9001, 0x1000, 1, Duration.ofMinutes(1),
                Duration.ofMillis(200), Duration.ofSeconds(30), 1024, Duration.ofSeconds(5), 0, List.of());
    }

    public ConcentratorFleetConfig withSize(int concentrators, int metersPerConcentrator) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, masterHost, masterPort, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, historyDays, sourceAddresses);
    }

    public ConcentratorFleetConfig withMaster(String host, int port) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, host, port, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, historyDays, sourceAddresses);
    }

    public ConcentratorFleetConfig withSeed(long seed) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, masterHost, masterPort, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, historyDays, sourceAddresses);
    }

    public ConcentratorFleetConfig withTiming(Duration heartbeat, Duration reconnectMin, Duration reconnectMax, Duration slowDelay) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, masterHost, masterPort, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, historyDays, sourceAddresses);
    }

    public ConcentratorFleetConfig withSourceAddresses(List<String> addresses) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, masterHost, masterPort, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, historyDays, addresses);
    }

    public ConcentratorFleetConfig withHistoryDays(int days) {
        return new ConcentratorFleetConfig(concentrators, metersPerConcentrator, seed, masterHost, masterPort, region,
                firstTerminal, heartbeat, reconnectMin, reconnectMax, maxUserData, slowDelay, days, sourceAddresses);
    }
}
