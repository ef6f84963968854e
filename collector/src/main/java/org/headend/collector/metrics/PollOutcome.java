package org.headend.collector.metrics;

/** How one meter read ended, as the {@code outcome} tag of {@link CollectorMeters#POLLS}. */
public enum PollOutcome {
    /** The meter answered with the data asked for. */
    OK("ok"),
    /** No whole reply within the request timeout, on the last attempt. */
    TIMEOUT("timeout"),
    /** The meter answered with an abnormal reply and its error status (protocols.md §1.4). */
    ERROR_REPLY("error_reply"),
    /** Bytes came back but no valid frame for the request could be decoded. */
    BAD_FRAME("bad_frame"),
    /** The bus connection was lost or could not be made. */
    DISCONNECTED("disconnected");

    private final String tag;

    PollOutcome(String tag) {
        this.tag = tag;
    }

    /** The stable tag value. */
    public String tag() {
        return tag;
    }
}
