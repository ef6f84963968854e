package org.headend.collector.modbus;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.headend.collector.archive.ModbusTarget;
import org.headend.collector.channel.BusListener;
import org.headend.collector.channel.BusTiming;
import org.headend.collector.channel.MeterHealth;
import org.headend.collector.config.DeviceQuirks;
import org.headend.collector.poll.PollOutcome;
import org.headend.protocol.modbus.MapValue;
import org.headend.protocol.modbus.ReadBlock;
import org.headend.protocol.modbus.RegisterMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Modbus bus (a TCP device or gateway, or an RS-485 line on a local serial port): one request
 * outstanding at a time, on one thread that owns the {@link ModbusConnection}. Reads are queued, on-demand ones
 * first; a meter has at most one scheduled read queued. Each read asks the meter's map in blocks of
 * at most {@link DeviceQuirks#maxRegisters()} registers.
 *
 * <p>Failures: an exception reply is counted by name and the read goes on with the next block
 * (ERROR_REPLY). A timeout ends the read (TIMEOUT) and is not retried within the cycle, as on the
 * DL/T 645 buses; over TCP the connection is reopened so that a late reply cannot answer the next
 * request. The same {@link MeterHealth} as theirs keeps a silent unit from costing the others
 * their reads: each unit's timeout adapts to its round trips, and a unit silent
 * {@link org.headend.collector.channel.Fairness#quarantineAfter()} times in a row is quarantined
 * (its scheduled reads end at once as QUARANTINED, except probes now and then); the bus time lost
 * to silence is reported. A lost connection or corrupt reply is retried
 * {@link BusTiming#retries()} times, after a reconnect over TCP (then DISCONNECTED or BAD_FRAME). Reconnects back
 * off from {@link BusTiming#reconnectMin()} to {@link BusTiming#reconnectMax()}; after a connect the line
 * waits {@link DeviceQuirks#connectPause()}.
 */
public final class ModbusLine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModbusLine.class);

    private final String name;
    private final String protocol;
    private final ModbusConnection connection;
    private final BusTiming timing;
    private final DeviceQuirks quirks;
    private final BusListener listener;
    private final Clock clock;
    private final LinkedBlockingDeque<ModbusRead> queue = new LinkedBlockingDeque<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Map<RegisterMap, List<ReadBlock>> plans = new IdentityHashMap<>();
    private final Thread thread;
    /** Adaptive timeouts and quarantine by unit id; confined to the line's thread. */
    private final MeterHealth health;
    private volatile int quarantined;
    private volatile boolean running = true;
    private volatile boolean up;
    private long nextConnectNanos;
    private Duration reconnectDelay;

    /**
     * @param protocol   the archive code of the meters on this line, the {@code protocol} metric tag
     * @param connection opened lazily by the line's thread, closed by {@link #close()}
     */
    public ModbusLine(String name, String protocol, ModbusConnection connection, BusTiming timing, DeviceQuirks quirks,
                      BusListener listener, Clock clock) {
        this.name = name;
        this.protocol = protocol;
        this.connection = connection;
        this.timing = timing;
        this.quirks = quirks;
        this.listener = listener;
        this.clock = clock;
        this.reconnectDelay = timing.reconnectMin();
        this.health = new MeterHealth(timing.fairness(), timing.requestTimeout().toNanos());
        this.thread = new Thread(this::run, "headend-modbus-" + name);
        this.thread.setDaemon(true);
    }

    public String name() {
        return name;
    }

    /** The archive code of the meters on this line, e.g. {@code modbus-tcp}. */
    public String protocol() {
        return protocol;
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a read; thread-safe.
     *
     * @return false, without queueing, when the line is closed or the meter still has a scheduled
     *         read queued or in flight (the caller counts the skip)
     */
    public boolean submit(ModbusRead read) {
        if (!running || queue.size() >= timing.maxQueue()) {
            return false;
        }
        if (read.onDemand()) {
            queue.addFirst(read);
            return true;
        }
        if (!scheduled.add(read.meter().address())) {
            return false;
        }
        queue.addLast(read);
        return true;
    }

    /** Reads queued (not counting the one in flight). */
    public int queueDepth() {
        return queue.size();
    }

    public boolean connected() {
        return up;
    }

    /** True when the line is reached over TCP, false for a local serial port. */
    public boolean gateway() {
        return connection.gateway();
    }

    /** Units of this line now in quarantine. */
    public int quarantined() {
        return quarantined;
    }

    private void run() {
        try {
            while (running) {
                ModbusRead read = queue.poll(200, TimeUnit.MILLISECONDS);
                if (read != null) {
                    finish(read, readMeter(read));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (ModbusRead r; (r = queue.poll()) != null; ) {
                finish(r, new ModbusResult(r, PollOutcome.SKIPPED, List.of(), Map.of(), clock.instant(), 0));
            }
            connection.close();
            up = false;
        }
    }

    private void finish(ModbusRead read, ModbusResult result) {
        if (!read.onDemand()) {
            scheduled.remove(read.meter().address());
        }
        listener.readFinished(name, protocol, result.outcome());
        try {
            read.done().accept(result);
        } catch (RuntimeException e) {
            log.warn("{}: handling the read of meter {} failed", name, read.meter().address(), e);
        }
    }

    private ModbusResult readMeter(ModbusRead read) throws InterruptedException {
        ModbusTarget target = read.meter().modbus();
        long unit = target.unit();
        if (!read.onDemand() && health.turn(unit, System.nanoTime()) == MeterHealth.Turn.SKIP) {
            return result(read, PollOutcome.QUARANTINED, List.of(), Map.of(), 0);
        }
        List<ReadBlock> blocks = plans.computeIfAbsent(target.map(), m -> m.blocks(quirks.maxRegisters()));
        List<MapValue> values = new ArrayList<>(target.map().entries().size());
        Map<String, Integer> exceptions = new TreeMap<>();
        int requests = 0;
        for (ReadBlock block : blocks) {
            for (int attempt = 0; ; attempt++) {
                if (!ensureConnected()) {
                    return result(read, PollOutcome.DISCONNECTED, values, exceptions, requests);
                }
                requests++;
                long t0 = System.nanoTime();
                try {
                    int[] words = connection.read(target.unit(), block, Duration.ofNanos(health.timeoutNanos(unit)));
                    heard(read, unit, System.nanoTime() - t0, attempt == 0);
                    values.addAll(target.map().decode(block.table(), block.start(), words));
                    break;
                } catch (ModbusDeviceException e) {
                    heard(read, unit, System.nanoTime() - t0, attempt == 0);
                    listener.deviceException(name, e.name());
                    exceptions.merge(e.name(), 1, Integer::sum);
                    break;
                } catch (SocketTimeoutException e) {
                    log.debug("{}: unit {} silent after {} ms: {}", name, unit, (System.nanoTime() - t0) / 1_000_000, e.getMessage());
                    silent(read, unit, t0);
                    if (connection.reopenAfterSilence()) {
                        drop("timeout, reopening so a late reply cannot answer the next request");
                    }
                    return result(read, PollOutcome.TIMEOUT, values, exceptions, requests);
                } catch (IOException e) {
                    boolean lost = !connection.isConnected();
                    if (lost || connection.reopenAfterSilence()) {
                        drop(e.getMessage());
                    } else {
                        log.debug("{}: unit {}: {}", name, unit, e.getMessage());
                    }
                    if (attempt >= timing.retries()) {
                        return result(read, lost ? PollOutcome.DISCONNECTED : PollOutcome.BAD_FRAME, values, exceptions, requests);
                    }
                    listener.retry(name);
                    Thread.sleep(timing.retryBackoff().multipliedBy(1L << Math.min(attempt, 20)).toMillis());
                }
            }
        }
        return result(read, exceptions.isEmpty() ? PollOutcome.OK : PollOutcome.ERROR_REPLY, values, exceptions, requests);
    }

    /** A whole reply (values or an exception) from {@code unit}; a retried request's round trip is no sample (Karn). */
    private void heard(ModbusRead read, long unit, long rttNanos, boolean firstAttempt) {
        listener.roundTrip(name, rttNanos);
        boolean wasQuarantined = health.isQuarantined(unit);
        if (firstAttempt) {
            health.replied(unit, rttNanos);
        } else {
            health.heard(unit);
        }
        if (wasQuarantined) {
            log.info("line {}: meter {} (unit {}) answers again, out of quarantine", name, read.meter().address(), unit);
            publishQuarantined();
        }
    }

    /** {@code unit} let its timeout pass: bus time lost, and maybe its quarantine. */
    private void silent(ModbusRead read, long unit, long sentAtNanos) {
        long now = System.nanoTime();
        listener.timeout(name);
        listener.silence(name, now - sentAtNanos);
        if (health.silent(unit, now)) {
            log.warn("line {}: meter {} (unit {}) silent for {} polls in a row, quarantined (probed from time to time)",
                    name, read.meter().address(), unit, timing.fairness().quarantineAfter());
            publishQuarantined();
        }
    }

    private void publishQuarantined() {
        quarantined = health.quarantined();
        listener.quarantined(name, quarantined);
    }

    private ModbusResult result(ModbusRead read, PollOutcome outcome, List<MapValue> values, Map<String, Integer> exceptions,
                                int requests) {
        return new ModbusResult(read, outcome, values, exceptions, clock.instant(), requests);
    }

    /** Connects when needed and the backoff allows; waits the device's pause after a new connection. */
    private boolean ensureConnected() throws InterruptedException {
        if (up && connection.isConnected()) {
            return true;
        }
        if (System.nanoTime() - nextConnectNanos < 0) {
            return false;
        }
        try {
            connection.connect();
        } catch (IOException e) {
            log.debug("{}: connect failed, next try in {}: {}", name, reconnectDelay, e.getMessage());
            nextConnectNanos = System.nanoTime() + reconnectDelay.toNanos();
            reconnectDelay = reconnectDelay.multipliedBy(2).compareTo(timing.reconnectMax()) > 0
                    ? timing.reconnectMax() : reconnectDelay.multipliedBy(2);
            return false;
        }
        up = true;
        reconnectDelay = timing.reconnectMin();
        listener.connected(name, true);
        if (!quirks.connectPause().isZero()) {
            Thread.sleep(quirks.connectPause().toMillis());
        }
        return true;
    }

    private void drop(String why) {
        log.debug("{}: closing the connection: {}", name, why);
        connection.close();
        if (up) {
            up = false;
            listener.connected(name, false);
        }
    }

    /** Stops taking reads; queued reads end as SKIPPED, the read in flight finishes; waits up to 5 s. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5) + timing.requestTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
