package org.headend.collector.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the Q/GDW 1376.1 front end tells its metrics, one method per event, each cheap and never
 * throwing; no-op defaults as in {@link CollectorMetrics}. Tags are bounded: AFN codes, refusal
 * reasons and clock outcomes, never a terminal or meter address.
 */
public interface ConcentratorMetrics {

    ConcentratorMetrics NONE = new ConcentratorMetrics() {
    };

    /** Publishes the concentrator meters of {@link CollectorMeters} to {@code registry}. */
    static ConcentratorMetrics of(MeterRegistry registry) {
        return new MicrometerConcentratorMetrics(registry);
    }

    /** Sessions now logged in. */
    default void sessionsOnline(int count) {
    }

    /** A login was accepted (a new session, or one replacing the terminal's old one). */
    default void loginAccepted() {
    }

    /** A login, or a frame before one, was refused; {@code reason} e.g. unknown_terminal, rate_limited. */
    default void loginRefused(String reason) {
    }

    default void heartbeat() {
    }

    /** A frame of {@code afn} (two hex digits) went {@code direction} (in, out). */
    default void frame(String direction, String afn) {
    }

    /** A whole reply to a request of {@code afn} arrived {@code nanos} after the request was written. */
    default void roundTrip(String afn, long nanos) {
    }

    /** A request attempt got no whole reply in time. */
    default void requestTimedOut(String afn) {
    }

    /** A reply whose RSEQ matches no request outstanding (late, or a wrong PSEQ). */
    default void unexpectedReply() {
    }

    /** The extractor dropped a candidate frame. */
    default void frameDropped(String reason) {
    }

    /** Readings taken from daily frozen data for days not read on time. */
    default void backfilled(int readings) {
    }

    /** A terminal clock was read: {@code outcome} ok, drift, or set (drift corrected). */
    default void clockChecked(String outcome) {
    }

    /** A meter's clock was read through its concentrator: {@code outcome} ok, drift, or failed. */
    default void meterClockChecked(String outcome) {
    }

    /** Event records read from a terminal (AFN 0E), new or read again. */
    default void terminalEvents(int records) {
    }
}
