package org.headend.collector.metrics;

import org.headend.collector.poll.PollOutcome;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the collector tells its metrics: one method per event, each cheap and never throwing.
 *
 * <p>Every method has a no-op default and {@link #NONE} does nothing at all, so the polling and
 * storage paths hold a {@code CollectorMetrics} that is never null (HikariCP's
 * {@code IMetricsTracker}). {@link #of(MeterRegistry)} publishes the {@link CollectorMeters} to a
 * registry. Gauge methods take the current value; the implementation keeps it strongly, so gauges
 * never turn to NaN (micrometer#1014).
 *
 * <p>Bus names and protocol codes are tag values: pass the configured bus name and
 * {@code MeterProtocol.code()}, never a meter address.
 */
public interface CollectorMetrics extends AutoCloseable {

    /** Does nothing: for tests and for running without metrics. */
    CollectorMetrics NONE = NoCollectorMetrics.INSTANCE;

    /**
     * Publishes to {@code registry}, with the JVM metrics (memory, GC, threads, class loading,
     * processor, uptime) bound too. {@link #close()} unbinds the GC listener; the registry stays the caller's.
     */
    static CollectorMetrics of(MeterRegistry registry) {
        return new MicrometerCollectorMetrics(registry);
    }

    /** A meter read finished, after its retries. */
    default void pollFinished(String protocol, PollOutcome outcome) {
    }

    /** A whole reply arrived {@code nanos} after its request was written. */
    default void replyReceived(String bus, long nanos) {
    }

    /** A request attempt got no whole reply in time. */
    default void requestTimedOut(String bus) {
    }

    /** A request attempt held {@code bus} for {@code nanos} and got no reply: bus time lost to silence. */
    default void busSilence(String bus, long nanos) {
    }

    /** Meters of {@code bus} now in quarantine. */
    default void metersQuarantined(String bus, int meters) {
    }

    /** A request is sent again after a failed attempt. */
    default void requestRetried(String bus) {
    }

    default void bytesReceived(String bus, int bytes) {
    }

    default void bytesSent(String bus, int bytes) {
    }

    /**
     * The extractor dropped a candidate frame.
     *
     * @param reason a tag from a bounded set, e.g. {@code Dlt645Exception.Reason.tag()}
     */
    default void frameDropped(String bus, String reason) {
    }

    /**
     * A device answered with a Modbus exception.
     *
     * @param exception a name from a bounded set: {@code ModbusExceptionCode.tag(int)}
     */
    default void deviceException(String bus, String exception) {
    }

    /** The store accepted a batch of {@code count} readings, in {@code nanos}. */
    default void readingsWritten(int count, long nanos) {
    }

    /** Requests now waiting for {@code bus}. */
    default void queueDepth(String bus, int depth) {
    }

    /** Gateways now connected. */
    default void gatewaysConnected(int count) {
    }

    /** Bytes now in the store's spool. */
    default void spoolBytes(long bytes) {
    }

    @Override
    default void close() {
    }
}
