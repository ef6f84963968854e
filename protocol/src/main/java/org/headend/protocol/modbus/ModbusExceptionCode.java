package org.headend.protocol.modbus;

import java.util.Optional;

/**
 * The exception codes a Modbus device answers with (protocols.md §4.1), by name. The names are
 * metric tags: a bounded set, with {@link #tag(int)} giving {@code code_XX} for codes outside it.
 */
public enum ModbusExceptionCode {
    ILLEGAL_FUNCTION(0x01),
    ILLEGAL_DATA_ADDRESS(0x02),
    ILLEGAL_DATA_VALUE(0x03),
    SLAVE_DEVICE_FAILURE(0x04),
    ACKNOWLEDGE(0x05),
    SLAVE_DEVICE_BUSY(0x06),
    MEMORY_PARITY_ERROR(0x08),
    GATEWAY_PATH_UNAVAILABLE(0x0A),
    GATEWAY_TARGET_FAILED_TO_RESPOND(0x0B);

    private final int code;

    ModbusExceptionCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Lowercase name, e.g. {@code illegal_data_address}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<ModbusExceptionCode> of(int code) {
        for (ModbusExceptionCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The tag of any code: the name when known, {@code code_XX} (hex) otherwise, so the set of tags stays bounded. */
    public static String tag(int code) {
        return of(code).map(ModbusExceptionCode::tag).orElse(String.format("code_%02x", code & 0xFF));
    }
}
