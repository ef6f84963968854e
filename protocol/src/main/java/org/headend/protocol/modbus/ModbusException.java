package org.headend.protocol.modbus;

import org.headend.protocol.wire.WireException;

/** The one failure of the Modbus codec and register maps: the bytes or the map are not valid, and why. */
public final class ModbusException extends WireException {

    /** Why decoding failed; stable names used as metric tags and in decode JSON. */
    public enum Reason {
        TRUNCATED("truncated"),
        TOO_LONG("too_long"),
        BAD_CRC("bad_crc"),
        BAD_HEADER("bad_header"),
        BAD_BYTE_COUNT("bad_byte_count"),
        BAD_QUANTITY("bad_quantity"),
        BAD_ADDRESS("bad_address"),
        BAD_UNIT("bad_unit"),
        BAD_DIRECTION("bad_direction"),
        BAD_VALUE("bad_value"),
        BAD_MAP("bad_map");

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

    public ModbusException(Reason reason, String message) {
        super(reason.tag(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
