package org.headend.protocol.gw376;

import org.headend.protocol.wire.WireException;

/** The one failure of this codec: the bytes are not a valid Q/GDW 1376.1 frame, and why. */
public final class Gw376Exception extends WireException {

    /** Why decoding failed; stable names used as metric tags and in {@code decode} output. */
    public enum Reason {
        /** Fewer bytes than the frame or one of its parts needs. */
        TRUNCATED("truncated"),
        /** No 68 at offset 0 or 5. */
        BAD_START("bad_start"),
        /** The two copies of L differ, or L is below the 8-byte minimum, or bytes follow the frame. */
        BAD_LENGTH("bad_length"),
        /** L's protocol bits are 00 or 11 (§3.1). */
        BAD_PROTOCOL_ID("bad_protocol_id"),
        /** L exceeds the configured limit; rejected as soon as L is read. */
        TOO_LONG("too_long"),
        BAD_CHECKSUM("bad_checksum"),
        BAD_END("bad_end"),
        /** A DA/DT that names no point or no Fn, or bytes left over that cannot hold one. */
        BAD_UNIT("bad_unit"),
        /** A value that the AUX tail needs (Tp time) is not BCD. */
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

    public Gw376Exception(Reason reason, String message) {
        super(reason.tag(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
