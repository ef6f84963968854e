package org.headend.simulator;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One RS-485-to-Ethernet gateway: a TCP server on {@link #host()}:{@link #port()} in front of one
 * bus of meters. Faults are switched at run time from any thread.
 */
public final class SimulatedGateway {

    /** Counts kept by the bus; read from any thread. */
    static final class Counters {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong silences = new AtomicLong();
        final AtomicLong overflows = new AtomicLong();
    }

    private final String name;
    private final List<SimulatedMeter> meters;
    private final FaultSwitch<GatewayFault> faults = new FaultSwitch<>(GatewayFault.class);
    private final Counters counters = new Counters();
    private volatile Channel server;
    private volatile String host;
    private volatile int port;
    private volatile String device;

    SimulatedGateway(String name, List<SimulatedMeter> meters) {
        this.name = name;
        this.meters = List.copyOf(meters);
    }

    /** e.g. {@code gw-01}: the {@code bus} column of the archive. */
    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The serial device and format the bus is served on, e.g. {@code /tmp/x/ttyA 2400 8E1}; null when on TCP. */
    public String device() {
        return device;
    }

    public List<SimulatedMeter> meters() {
        return meters;
    }

    /** Switches {@code fault} on for every reply. */
    public void fault(GatewayFault fault) {
        faults.set(fault, 1.0);
    }

    /** Switches {@code fault} on for a seeded share of replies (0 switches it off). */
    public void fault(GatewayFault fault, double probability) {
        faults.set(fault, probability);
    }

    public void clearFaults() {
        faults.clear();
    }

    public Map<GatewayFault, Double> faults() {
        return faults.active();
    }

    /** Request frames received (including broadcasts and requests nobody answers). */
    public long requests() {
        return counters.requests.get();
    }

    /** Replies sent or on their way (normal or abnormal, clean or faulty), counted when the meter decides to answer. */
    public long answers() {
        return counters.answers.get();
    }

    /** Requests nobody answered: broadcast, unknown address, collision, silent meter. */
    public long silences() {
        return counters.silences.get();
    }

    /** Requests dropped because {@value Bus#MAX_QUEUED} were already waiting for the line. */
    public long overflows() {
        return counters.overflows.get();
    }

    FaultSwitch<GatewayFault> faultSwitch() {
        return faults;
    }

    Counters counters() {
        return counters;
    }

    void bound(Channel server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    void servedOn(String deviceAndFormat) {
        this.device = deviceAndFormat;
    }

    Channel server() {
        return server;
    }

    @Override
    public String toString() {
        return name + "@" + (device != null ? device : host + ":" + port) + " (" + meters.size() + " meters)";
    }
}
