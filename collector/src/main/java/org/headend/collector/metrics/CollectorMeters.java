package org.headend.collector.metrics;

import org.headend.collector.poll.PollOutcome;
import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * Every meter the collector publishes: name, type, base unit, tag keys and meaning, in one place
 * (as Micrometer's {@code NettyMeters} catalogues its binder). Names are lowercase and dotted
 * (Micrometer naming conventions); the Prometheus registry turns {@code headend.bus.received} with
 * unit bytes into {@code headend_bus_received_bytes_total}. One name always has the same tag keys.
 *
 * <p>No meter is tagged by meter address: 100,000 meters would make 100,000 series per name. Tags are
 * bounded: bus names come from the config, protocol codes and outcomes from enums, drop reasons from
 * the protocol decoders' reason enums.
 */
public enum CollectorMeters {

    /** One per meter read, after its retries, by final outcome ({@link PollOutcome}). */
    POLLS("headend.polls", Meter.Type.COUNTER, null,
            "Meter reads finished, by protocol and final outcome after retries", "protocol", "outcome"),
    /** Request written to whole reply received, per attempt that got a reply. */
    POLL_ROUND_TRIP("headend.poll.round.trip", Meter.Type.TIMER, "seconds",
            "Time from writing a request to receiving its whole reply", "bus"),
    /** Request attempts that got no whole reply in time, retried or not. */
    POLL_TIMEOUTS("headend.poll.timeouts", Meter.Type.COUNTER, null,
            "Request attempts that timed out", "bus"),
    /** Time from writing a request to giving up on its reply, summed: what silent meters cost their bus. */
    BUS_SILENCE("headend.bus.silence", Meter.Type.COUNTER, "seconds",
            "Bus time spent waiting for replies that never came", "bus"),
    /** Meters that stayed silent for several polls and are now only probed from time to time. */
    METERS_QUARANTINED("headend.meters.quarantined", Meter.Type.GAUGE, null,
            "Meters in quarantine after consecutive silent polls", "bus"),
    /** Requests sent again after a timeout or bad frame. */
    POLL_RETRIES("headend.poll.retries", Meter.Type.COUNTER, null,
            "Requests sent again after a failed attempt", "bus"),
    BUS_RECEIVED("headend.bus.received", Meter.Type.COUNTER, "bytes",
            "Bytes received from a bus, preamble and noise included", "bus"),
    BUS_SENT("headend.bus.sent", Meter.Type.COUNTER, "bytes",
            "Bytes written to a bus, preamble included", "bus"),
    /** Candidate frames the stream extractor discarded (bad checksum, too long, ...). */
    FRAMES_DROPPED("headend.frames.dropped", Meter.Type.COUNTER, null,
            "Candidate frames dropped by the frame extractor, by reason", "bus", "reason"),
    /** Modbus exception replies (illegal_data_address, slave_device_busy, ...), by name. */
    DEVICE_EXCEPTIONS("headend.device.exceptions", Meter.Type.COUNTER, null,
            "Exception replies from devices, by exception name", "bus", "exception"),
    READINGS_WRITTEN("headend.readings.written", Meter.Type.COUNTER, null,
            "Readings the store accepted"),
    /** One batch written to the store, whatever its size. */
    STORE_WRITE("headend.store.write", Meter.Type.TIMER, "seconds",
            "Time to write one batch of readings to the store"),
    BUS_QUEUE_DEPTH("headend.bus.queue.depth", Meter.Type.GAUGE, null,
            "Requests waiting for their bus", "bus"),
    GATEWAYS_CONNECTED("headend.gateways.connected", Meter.Type.GAUGE, null,
            "Gateways with an open connection"),
    // ---- Q/GDW 1376.1 concentrators (issue 5); never tagged by terminal: a province has 20,000+ ----
    CONCENTRATOR_SESSIONS("headend.concentrator.sessions", Meter.Type.GAUGE, null,
            "Concentrator sessions logged in"),
    CONCENTRATOR_LOGINS("headend.concentrator.logins", Meter.Type.COUNTER, null,
            "Concentrator logins accepted, re-logins included"),
    /** unknown_terminal, rate_limited, not_logged_in, wrong_address. */
    CONCENTRATOR_REFUSED("headend.concentrator.refused", Meter.Type.COUNTER, null,
            "Concentrator logins or frames refused, by reason; the connection is closed", "reason"),
    CONCENTRATOR_HEARTBEATS("headend.concentrator.heartbeats", Meter.Type.COUNTER, null,
            "Concentrator heartbeats received"),
    CONCENTRATOR_FRAMES("headend.concentrator.frames", Meter.Type.COUNTER, null,
            "1376.1 frames by direction (in, out) and AFN", "direction", "afn"),
    CONCENTRATOR_ROUND_TRIP("headend.concentrator.round.trip", Meter.Type.TIMER, "seconds",
            "Time from writing a request to a concentrator to its whole reply, by AFN", "afn"),
    CONCENTRATOR_TIMEOUTS("headend.concentrator.timeouts", Meter.Type.COUNTER, null,
            "Requests to concentrators that timed out, by AFN", "afn"),
    CONCENTRATOR_UNEXPECTED("headend.concentrator.unexpected.replies", Meter.Type.COUNTER, null,
            "Replies whose RSEQ matched no outstanding request (late, or wrong PSEQ)"),
    CONCENTRATOR_DROPPED("headend.concentrator.frames.dropped", Meter.Type.COUNTER, null,
            "Candidate 1376.1 frames dropped by the extractor, by reason", "reason"),
    CONCENTRATOR_BACKFILLED("headend.concentrator.backfilled.readings", Meter.Type.COUNTER, null,
            "Readings taken from daily frozen data for days not read on time"),
    /** ok, drift (beyond the limit, not set), set (drift beyond the limit, clock set), failed. */
    CONCENTRATOR_CLOCKS("headend.concentrator.clock.checks", Meter.Type.COUNTER, null,
            "Terminal clock checks by outcome", "outcome"),
    /** ok, drift (beyond the meter limit; meter clocks are never set), failed. */
    CONCENTRATOR_METER_CLOCKS("headend.concentrator.meter.clock.checks", Meter.Type.COUNTER, null,
            "Clock checks of meters behind concentrators (DL/T 645 through 10 F1) by outcome", "outcome"),
    CONCENTRATOR_EVENTS("headend.concentrator.events", Meter.Type.COUNTER, null,
            "Event records read from concentrators (AFN 0E)"),
    /** Readings held on disk while the store is away. */
    STORE_SPOOL("headend.store.spool", Meter.Type.GAUGE, "bytes",
            "Size of the spool of readings not yet in the store");

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    CollectorMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    /** The Micrometer name, lowercase and dotted. */
    public String meterName() {
        return meterName;
    }

    public Meter.Type type() {
        return type;
    }

    /** The base unit, or null for a plain count. */
    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }

    /** The tag keys, always all present, in this order. */
    public List<String> tagKeys() {
        return tagKeys;
    }

    /** Pairs this meter's tag keys with {@code values}, checking there is one value per key. */
    String[] tags(String... values) {
        if (values.length != tagKeys.size()) {
            throw new IllegalArgumentException(meterName + " has tag keys " + tagKeys + ", got " + values.length + " values");
        }
        String[] kv = new String[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            kv[2 * i] = tagKeys.get(i);
            kv[2 * i + 1] = values[i];
        }
        return kv;
    }
}
