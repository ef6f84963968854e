package org.headend.collector.channel;

import org.headend.collector.poll.JobResult;
import org.headend.protocol.dlt645.Dlt645Edition;
import org.headend.protocol.dlt645.Dlt645Exception;

/**
 * What a bus reports as it works, for metrics and logs. Called on the bus's event loop (a Modbus
 * line's thread for a Modbus bus); every
 * method has a no-op default so the hot path needs no null checks.
 */
public interface BusListener {

    BusListener NONE = new BusListener() {
    };

    default void connected(String bus, boolean up) {
    }

    default void bytesOut(String bus, int n) {
    }

    default void bytesIn(String bus, int n) {
    }

    default void frameDropped(String bus, Dlt645Exception.Reason reason) {
    }

    /** A reply to an outstanding request arrived after {@code nanos}. */
    default void roundTrip(String bus, long nanos) {
    }

    default void timeout(String bus) {
    }

    /** An attempt ended in silence after holding the bus for {@code nanos}: bus time lost to a silent meter. */
    default void silence(String bus, long nanos) {
    }

    /** Meters of {@code bus} now in quarantine (changed). */
    default void quarantined(String bus, int meters) {
    }

    default void retry(String bus) {
    }

    /** A frame arrived that answers nothing outstanding (a late reply after a timeout, a stray frame). */
    default void unexpectedFrame(String bus) {
    }

    default void jobDone(String bus, JobResult result) {
    }

    /** A device answered with a Modbus exception, by name (e.g. {@code illegal_data_address}). */
    default void deviceException(String bus, String exception) {
    }

    /** A Modbus read ended (or was skipped), for the polls metric; {@code protocol} is the archive code. */
    default void readFinished(String bus, String protocol, org.headend.collector.poll.PollOutcome outcome) {
    }

    /** A scheduled job was not queued: the meter's previous one was still pending. Called on the scheduler's thread. */
    default void jobSkipped(String bus, Dlt645Edition edition) {
    }
}
