package org.headend.protocol.modbus;

/** Master to device ({@link #REQUEST}) or device to master ({@link #RESPONSE}). */
public enum ModbusDirection {
    REQUEST, RESPONSE;

    /** {@code request} or {@code response}, as the CLI and JSON spell it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ModbusDirection parse(String s) {
        return switch (s) {
            case "request" -> REQUEST;
            case "response" -> RESPONSE;
            default -> throw new IllegalArgumentException("direction is request or response, got '" + s + "'");
        };
    }
}
