package org.headend.protocol.modbus;

import java.util.Optional;

/** The public function codes this codec decodes in full (protocols.md §4.1); others are kept as raw data. */
public enum ModbusFunction {
    READ_COILS(0x01, "read coils"),
    READ_DISCRETE_INPUTS(0x02, "read discrete inputs"),
    READ_HOLDING_REGISTERS(0x03, "read holding registers"),
    READ_INPUT_REGISTERS(0x04, "read input registers"),
    WRITE_SINGLE_COIL(0x05, "write single coil"),
    WRITE_SINGLE_REGISTER(0x06, "write single register"),
    WRITE_MULTIPLE_COILS(0x0F, "write multiple coils"),
    WRITE_MULTIPLE_REGISTERS(0x10, "write multiple registers");

    private final int code;
    private final String description;

    ModbusFunction(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    boolean readsBits() {
        return this == READ_COILS || this == READ_DISCRETE_INPUTS;
    }

    boolean readsRegisters() {
        return this == READ_HOLDING_REGISTERS || this == READ_INPUT_REGISTERS;
    }

    public static Optional<ModbusFunction> of(int code) {
        for (ModbusFunction f : values()) {
            if (f.code == code) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Name of any code, for descriptions. */
    public static String describe(int code) {
        return of(code & 0x7F).map(ModbusFunction::description).orElse("function " + String.format("%02X", code & 0x7F));
    }
}
