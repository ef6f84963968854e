package org.headend.protocol.dlt645;

import org.headend.protocol.wire.WireException;

/** The one failure of this codec: the bytes are not a valid DL/T 645 frame or value, and why. */
public final class Dlt645Exception extends WireException {

    /** Why decoding failed; stable names used as metric tags. */
    public enum Reason {
        TRUNCATED("truncated"),
        BAD_START("bad_start"),
        BAD_ADDRESS("bad_address"),
        BAD_LENGTH("bad_length"),
        TOO_LONG("too_long"),
        BAD_CHECKSUM("bad_checksum"),
        BAD_END("bad_end"),
        UNKNOWN_FUNCTION("unknown_function"),
        UNKNOWN_DATA_ID("unknown_data_id"),
        BAD_VALUE("bad_value");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        /** Lowercase name for metrics and JSON. */
        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public Dlt645Exception(Reason reason, String message) {
        super(reason.tag(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
