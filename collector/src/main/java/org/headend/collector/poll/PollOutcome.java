package org.headend.collector.poll;

/** How one meter job ended. The tag is what the polls metric carries. */
public enum PollOutcome {
    /** Every requested DI answered with a valid normal reply. */
    OK("ok"),
    /** The meter answered some DIs with an abnormal reply (e.g. no such data); the others are kept. */
    ERROR_REPLY("error_reply"),
    /** The meter did not answer within the request timeout. */
    TIMEOUT("timeout"),
    /** Replies kept arriving corrupted (bad checksum, bad values) until the retries ran out. */
    BAD_FRAME("bad_frame"),
    /** The gateway connection was lost and the retries ran out. */
    DISCONNECTED("disconnected"),
    /** Not attempted: the meter stayed silent and is in quarantine, and no probe was due (no bus time spent). */
    QUARANTINED("quarantined"),
    /** Not attempted: the meter's previous job was still queued, or the bus was closing. */
    SKIPPED("skipped");

    private final String tag;

    PollOutcome(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
